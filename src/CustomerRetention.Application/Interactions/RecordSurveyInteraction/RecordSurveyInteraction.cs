using CustomerRetention.Application.BuildingBlocks.Events;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Domain.Interactions;
using CustomerRetention.Domain.Surveys;

namespace CustomerRetention.Application.Interactions.RecordSurveyInteraction;

/// <summary>
/// A customer answered a survey (SPEC §9.4): record the answer as an inbound interaction of type
/// survey, with <c>npsScore</c> or <c>satisfaction</c> set, under the id the response chose, in the
/// same unit of work, so it appears on the timeline once (as this interaction). Reads only the
/// event's members.
/// </summary>
public sealed class RecordSurveyInteractionHandler(IApplicationDbContext db) : IDomainEventHandler<SurveyResponseReceived>
{
    public ValueTask Handle(SurveyResponseReceived domainEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(domainEvent);
        var details = new InteractionDetails(
            domainEvent.Channel,
            InteractionDirection.Inbound,
            InteractionType.Survey,
            domainEvent.RespondedAt,
            domainEvent.Subject,
            domainEvent.Comment,
            domainEvent.Category,
            Sentiment: null,
            domainEvent.Satisfaction,
            domainEvent.NpsScore,
            OwnerId: null);
        db.Interactions.Add(Interaction.Create(domainEvent.InteractionId, domainEvent.RespondentId, details, domainEvent.OccurredAt));
        return ValueTask.CompletedTask;
    }
}
