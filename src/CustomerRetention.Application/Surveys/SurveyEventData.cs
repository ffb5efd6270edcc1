using System.Text.Json.Nodes;
using AutoMapper;
using CustomerRetention.Application.BuildingBlocks.Events;
using CustomerRetention.Domain.Surveys;

namespace CustomerRetention.Application.Surveys;

/// <summary>
/// The event-log data of the survey events: the resource as the API returns it (a send without
/// its token, which is never stored). The expiry job writes <c>survey.expired</c> in SQL in the
/// same send shape (SurveyExpiry).
/// </summary>
internal sealed class SurveyEventData(IMapper mapper)
    : IEventData<SurveyCreated>, IEventData<SurveyUpdated>, IEventData<SurveySent>, IEventData<SurveyThrottled>, IEventData<SurveyTokenIssued>, IEventData<SurveyExpired>, IEventData<SurveyResponseReceived>
{
    public object DataOf(SurveyCreated domainEvent) => new CreatedData<JsonObject>(EventState.Of(mapper.Map<SurveyDto>(domainEvent.Survey)));

    public object DataOf(SurveyUpdated domainEvent) =>
        new UpdatedData<JsonObject>(domainEvent.ChangedFields, EventState.Previous(domainEvent.Previous), EventState.Of(mapper.Map<SurveyDto>(domainEvent.Survey)));

    public object DataOf(SurveySent domainEvent) => new CreatedData<JsonObject>(SendState(domainEvent.Send));

    public object DataOf(SurveyThrottled domainEvent) => new CreatedData<JsonObject>(SendState(domainEvent.Send));

    public object DataOf(SurveyTokenIssued domainEvent) => new CreatedData<JsonObject>(SendState(domainEvent.Send));

    public object DataOf(SurveyExpired domainEvent) => new CreatedData<JsonObject>(SendState(domainEvent.Send));

    public object DataOf(SurveyResponseReceived domainEvent) => new CreatedData<JsonObject>(EventState.Of(mapper.Map<SurveyResponseDto>(domainEvent.Response)));

    private JsonObject SendState(SurveySend send)
    {
        var state = EventState.Of(mapper.Map<SurveySendDto>(send));
        state.Remove("token");
        return state;
    }
}
