using System.Text.Json.Serialization;
using AutoMapper;
using CustomerRetention.Application.BuildingBlocks;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Application.BuildingBlocks.Json;
using CustomerRetention.Application.BuildingBlocks.Security;
using CustomerRetention.Domain.Customers;
using CustomerRetention.Domain.Lifecycle;
using Mediator;

namespace CustomerRetention.Application.Customers.CreateCustomer;

/// <summary>Create a customer (SPEC §2).</summary>
[ReadOnlyMember("id", ReadOnlyReasons.Id)]
[ReadOnlyMember("createdAt", ReadOnlyReasons.CreatedAt)]
[ReadOnlyMember("updatedAt", ReadOnlyReasons.UpdatedAt)]
[ReadOnlyMember("archivedAt", CustomerReadOnlyMembers.ArchivedAt)]
[ReadOnlyMember("rfm", CustomerReadOnlyMembers.Rfm)]
[ReadOnlyMember("value", CustomerReadOnlyMembers.Value)]
public sealed record CreateCustomerCommand : CustomerFields, IInitialStage, ICommand<CustomerDto>
{
    /// <summary>The initial lifecycle stage; default <c>awareness</c>.</summary>
    public LifecycleStage? LifecycleStage { get; init; }

    /// <summary>When the customer entered the initial stage (for imports); default now, never in the future.</summary>
    public DateTimeOffset? StageEnteredAt { get; init; }

    /// <summary>Who creates the customer (recorded on the first history entry); set by the API, not the body.</summary>
    [JsonIgnore]
    public string Actor { get; init; } = Customer.SystemActor;
}

public sealed class CreateCustomerHandler(IApplicationDbContext db, IMapper mapper, TimeProvider clock, IOwnerScope scope)
    : ICommandHandler<CreateCustomerCommand, CustomerDto>
{
    public async ValueTask<CustomerDto> Handle(CreateCustomerCommand command, CancellationToken cancellationToken)
    {
        var customer = await CustomerWrites.CreateAsync(
            db, scope, command.ToProfile(), command.LifecycleStage, command.StageEnteredAt?.ToMicroseconds(), clock.UtcNowMicroseconds(), command.Actor, cancellationToken);
        return mapper.Map<CustomerDto>(customer);
    }
}
