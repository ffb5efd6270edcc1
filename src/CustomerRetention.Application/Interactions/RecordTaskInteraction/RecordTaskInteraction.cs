using CustomerRetention.Application.BuildingBlocks.Events;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Domain.FollowUps;
using CustomerRetention.Domain.Interactions;

namespace CustomerRetention.Application.Interactions.RecordTaskInteraction;

/// <summary>
/// A person completed a task (SPEC §9.2): record the touch it was as an outbound interaction, under
/// the id the task chose, in the same unit of work, so it appears on the timeline and counts for
/// cadences. Reads only the event's members; a task a qualifying touch completed records nothing.
/// </summary>
public sealed class RecordTaskInteractionHandler(IApplicationDbContext db) : IDomainEventHandler<TaskCompleted>
{
    public ValueTask Handle(TaskCompleted domainEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(domainEvent);
        if (!domainEvent.RecordsInteraction)
        {
            return ValueTask.CompletedTask;
        }

        var details = new InteractionDetails(
            domainEvent.Channel,
            InteractionDirection.Outbound,
            domainEvent.InteractionType,
            domainEvent.CompletedAt,
            domainEvent.Subject,
            domainEvent.Notes,
            domainEvent.OutcomeText,
            Sentiment: null,
            Satisfaction: null,
            NpsScore: null,
            domainEvent.OwnerId);
        db.Interactions.Add(Interaction.Create(domainEvent.InteractionId, domainEvent.TaskCustomerId, details, domainEvent.CompletedAt));
        return ValueTask.CompletedTask;
    }
}
