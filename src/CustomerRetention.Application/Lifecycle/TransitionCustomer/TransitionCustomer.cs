using AutoMapper;
using CustomerRetention.Application.BuildingBlocks;
using CustomerRetention.Application.BuildingBlocks.Exceptions;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Application.BuildingBlocks.Json;
using CustomerRetention.Application.Lifecycle.Contracts;
using CustomerRetention.Domain.Lifecycle;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CustomerRetention.Application.Lifecycle.TransitionCustomer;

/// <summary>The body of a manual transition.</summary>
[ReadOnlyMember("id", ReadOnlyReasons.Id)]
[ReadOnlyMember("fromStage", "'fromStage' is read-only: it is the customer's current stage.")]
[ReadOnlyMember("source", "'source' is read-only: the server records where a transition came from.")]
[ReadOnlyMember("actor", "'actor' is read-only: it comes from the X-Actor header.")]
public sealed record TransitionRequest
{
    /// <summary>The stage to move to; must be allowed from the current stage.</summary>
    public LifecycleStage? ToStage { get; init; }

    /// <summary>Why; required when moving to <c>churned</c>.</summary>
    public string? Reason { get; init; }

    /// <summary>When it happened; default now. Never before the previous transition nor in the future.</summary>
    public DateTimeOffset? OccurredAt { get; init; }
}

/// <summary>
/// A manual stage transition. Two concurrent transitions of one customer cannot both win: the
/// customer's row version makes the later save fail (409, or 412 with <c>If-Match</c>).
/// </summary>
public sealed record TransitionCustomerCommand(Guid CustomerId, TransitionRequest Request, string Actor, uint? ExpectedVersion)
    : ICommand<StageTransitionDto>;

public sealed class TransitionCustomerHandler(IApplicationDbContext db, IMapper mapper, TimeProvider clock)
    : ICommandHandler<TransitionCustomerCommand, StageTransitionDto>
{
    public async ValueTask<StageTransitionDto> Handle(TransitionCustomerCommand command, CancellationToken cancellationToken)
    {
        var customer = await db.Customers.FirstOrDefaultAsync(c => c.Id == command.CustomerId, cancellationToken)
            ?? throw new NotFoundException("Customer", command.CustomerId);
        if (command.ExpectedVersion is { } expected && expected != customer.Version)
        {
            throw new PreconditionFailedException();
        }

        var request = command.Request;
        var transition = customer.TransitionTo(
            request.ToStage!.Value, request.Reason, request.OccurredAt?.ToMicroseconds(), command.Actor, clock.UtcNowMicroseconds());
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (ConcurrencyConflictException) when (command.ExpectedVersion is not null)
        {
            throw new PreconditionFailedException();
        }

        return mapper.Map<StageTransitionDto>(transition);
    }
}
