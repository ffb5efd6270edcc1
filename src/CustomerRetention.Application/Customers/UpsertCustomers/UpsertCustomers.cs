using CustomerRetention.Application.BuildingBlocks;
using CustomerRetention.Application.BuildingBlocks.Batches;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Application.BuildingBlocks.Json;
using CustomerRetention.Application.BuildingBlocks.Security;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CustomerRetention.Application.Customers.UpsertCustomers;

/// <summary>
/// Batch upsert of customers by <c>externalId</c> (SPEC §10.2): each item creates the customer, or
/// merge-patches the live customer holding its key, with the rules of the single requests; an item
/// equal to the customer writes nothing and emits no event.
/// </summary>
public sealed record UpsertCustomersCommand(IReadOnlyList<BatchEntry<CustomerBatchItem>> Items, string Actor) : ICommand<BatchResult>;

public sealed class UpsertCustomersHandler(
    IApplicationDbContext db,
    TimeProvider clock,
    IValidator<CustomerBatchItem> createRules,
    IValidator<CustomerFields> fieldRules,
    IOwnerScope scope) : ICommandHandler<UpsertCustomersCommand, BatchResult>
{
    public async ValueTask<BatchResult> Handle(UpsertCustomersCommand command, CancellationToken cancellationToken) =>
        await BatchRunner.RunAsync(db, command.Items, (entry, ct) => ApplyAsync(entry, command.Actor, ct), cancellationToken);

    private async Task<BatchItemResult> ApplyAsync(BatchEntry<CustomerBatchItem> entry, string actor, CancellationToken cancellationToken)
    {
        var item = entry.Item!;
        var existing = entry.Key is null ? null : await db.Customers.FirstOrDefaultAsync(c => c.ExternalId == entry.Key, cancellationToken);
        var now = clock.UtcNowMicroseconds();
        if (existing is null)
        {
            await createRules.ValidateAndThrowAsync(item, cancellationToken);
            var created = await CustomerWrites.CreateAsync(
                db, scope, item.ToProfile(), item.LifecycleStage, item.StageEnteredAt?.ToMicroseconds(), now, actor, cancellationToken);
            return BatchItemResult.Done(entry.Index, created.Id, BatchItemStatus.Created);
        }

        var patch = entry.Document!.DeepClone().AsObject();
        foreach (var member in CustomerBatchItem.CreateOnlyMembers)
        {
            patch.Remove(member);
        }

        var fields = JsonMergePatch.ApplyTo(CustomerFields.From(existing), patch);
        await fieldRules.ValidateAndThrowAsync(fields, cancellationToken);
        var changed = await CustomerWrites.UpdateAsync(db, scope, existing, fields.ToProfile(), now, cancellationToken);
        return BatchItemResult.Done(entry.Index, existing.Id, changed ? BatchItemStatus.Updated : BatchItemStatus.Unchanged);
    }
}
