using CustomerRetention.Application.BuildingBlocks.Json;
using CustomerRetention.Domain.Lifecycle;
using FluentValidation;

namespace CustomerRetention.Application.Customers.UpsertCustomers;

/// <summary>
/// One customer of a batch upsert, keyed by <c>externalId</c>: the body of a create when no live
/// customer holds the key, else a merge-patch of that customer (members present are set, <c>null</c>
/// clears, members left out keep their value).
/// </summary>
[ReadOnlyMember("id", ReadOnlyReasons.Id)]
[ReadOnlyMember("createdAt", ReadOnlyReasons.CreatedAt)]
[ReadOnlyMember("updatedAt", ReadOnlyReasons.UpdatedAt)]
[ReadOnlyMember("archivedAt", CustomerReadOnlyMembers.ArchivedAt)]
[ReadOnlyMember("rfm", CustomerReadOnlyMembers.Rfm)]
[ReadOnlyMember("value", CustomerReadOnlyMembers.Value)]
public sealed record CustomerBatchItem : CustomerFields, IInitialStage
{
    /// <summary>The initial lifecycle stage when the item creates the customer (default <c>awareness</c>); ignored for an existing customer, whose stage changes through lifecycle transitions.</summary>
    public LifecycleStage? LifecycleStage { get; init; }

    /// <summary>When a created customer entered the initial stage; default now, never in the future. Ignored for an existing customer.</summary>
    public DateTimeOffset? StageEnteredAt { get; init; }

    /// <summary>The members that only a create uses; they are left out of the merge-patch of an existing customer.</summary>
    internal static readonly string[] CreateOnlyMembers = ["lifecycleStage", "stageEnteredAt"];
}

/// <summary>The rules of a batch item that creates a customer: those of a single create, and the key.</summary>
public sealed class CustomerBatchItemValidator : AbstractValidator<CustomerBatchItem>
{
    public CustomerBatchItemValidator(TimeProvider clock)
    {
        RuleFor(x => x.ExternalId).NotNull().WithMessage("'externalId' is required: a batch item is keyed by it.");
        Include(new CustomerFieldsValidator(clock));
        Include(new InitialStageValidator(clock));
    }
}

/// <summary>The body of a customer batch: up to 1 000 items, each keyed by a different <c>externalId</c>.</summary>
/// <param name="Items">The customers, in the order the results answer them.</param>
public sealed record CustomerBatchRequest(IReadOnlyList<CustomerBatchItem> Items);
