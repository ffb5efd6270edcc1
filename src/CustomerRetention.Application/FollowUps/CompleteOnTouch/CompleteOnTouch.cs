using CustomerRetention.Application.BuildingBlocks;
using CustomerRetention.Application.BuildingBlocks.Events;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Domain.FollowUps;
using CustomerRetention.Domain.Interactions;
using Microsoft.EntityFrameworkCore;

namespace CustomerRetention.Application.FollowUps.CompleteOnTouch;

/// <summary>
/// A qualifying touch (SPEC §9.2): an interaction whose channel and direction are among the
/// cadence policy's touch types, recorded while the customer has an open cadence task of that
/// policy, completes the task with outcome <c>done</c> by <c>system</c>. Reads only the event's
/// own members, never the interaction. A task its own completion just closed (the interaction it
/// recorded) is already closed in this unit of work and left alone.
/// </summary>
public sealed class CompleteOnTouchHandler(IApplicationDbContext db, TimeProvider clock) : IDomainEventHandler<InteractionRecorded>
{
    public async ValueTask Handle(InteractionRecorded domainEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(domainEvent);
        var customerId = domainEvent.TouchedCustomerId;
        var open = (await db.FollowUpTasks
                .Where(t => t.CustomerId == customerId && t.Source == TaskSource.Cadence && t.Status == FollowUpStatus.Open)
                .ToListAsync(cancellationToken))
            .Where(t => t.Status == FollowUpStatus.Open)
            .ToList();
        if (open.Count == 0)
        {
            return;
        }

        var policyIds = open.Select(t => Guid.TryParse(t.SourceRef, out var id) ? id : Guid.Empty).Distinct().ToList();
        var touchTypes = await db.CadencePolicies.AsNoTracking()
            .Where(p => policyIds.Contains(p.Id))
            .ToDictionaryAsync(p => p.Id.ToString(), p => p.TouchTypes, cancellationToken);
        var touch = new TouchType(domainEvent.Channel, domainEvent.Direction);
        var now = clock.UtcNowMicroseconds();
        foreach (var task in open)
        {
            var counts = touchTypes.TryGetValue(task.SourceRef ?? string.Empty, out var types) ? types : CadencePolicy.DefaultTouchTypes;
            if (counts.Contains(touch))
            {
                task.CompleteByTouch(domainEvent.InteractionId, SystemActor.SystemName, now);
            }
        }
    }
}
