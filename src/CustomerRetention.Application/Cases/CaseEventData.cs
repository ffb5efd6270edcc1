using System.Text.Json.Nodes;
using AutoMapper;
using CustomerRetention.Application.BuildingBlocks.Events;
using CustomerRetention.Application.BuildingBlocks.Json;
using CustomerRetention.Application.Cases.Contracts;
using CustomerRetention.Domain.Cases;

namespace CustomerRetention.Application.Cases;

/// <summary>The event-log data of the case events: the case as the API returns it, without its journal.</summary>
internal sealed class CaseEventData(IMapper mapper)
    : IEventData<CaseCreated>, IEventData<CaseUpdated>, IEventData<CaseStatusChanged>, IEventData<CaseMessageAdded>, IEventData<SlaWarningRaised>, IEventData<SlaBreached>
{
    public object DataOf(CaseCreated domainEvent) => new CreatedData<JsonObject>(State(domainEvent.Case));

    public object DataOf(CaseUpdated domainEvent) =>
        new UpdatedAtData(domainEvent.ChangedFields, EventState.Previous(domainEvent.Previous), domainEvent.At, State(domainEvent.Case));

    public object DataOf(CaseStatusChanged domainEvent) =>
        new StatusChangedData(SupportCase.Name(domainEvent.From), SupportCase.Name(domainEvent.To), domainEvent.At, domainEvent.Actor, State(domainEvent.Case));

    public object DataOf(CaseMessageAdded domainEvent) => new MessageAddedData(mapper.Map<CaseMessageDto>(domainEvent.Message), State(domainEvent.Case));

    public object DataOf(SlaWarningRaised domainEvent) => Target(domainEvent.Case, domainEvent.Target);

    public object DataOf(SlaBreached domainEvent) => Target(domainEvent.Case, domainEvent.Target);

    private static SlaTargetData Target(SupportCase supportCase, SlaTarget target) => new(
        supportCase.Id,
        supportCase.Number,
        supportCase.CustomerId,
        ApiJson.EnumValue(supportCase.Priority),
        supportCase.AssigneeId,
        ApiJson.EnumValue(target.Metric),
        target.Instance,
        ApiJson.EnumValue(target.State),
        target.TargetMinutes,
        target.StartedAt,
        target.DueAt,
        target.WarnAt,
        target.WarnedAt,
        target.BreachedAt,
        supportCase.SlaPolicyId,
        supportCase.SlaPolicyVersion);

    private JsonObject State(SupportCase supportCase)
    {
        var state = EventState.Of(mapper.Map<CaseDto>(supportCase) with { History = null });
        state.Remove("history");
        return state;
    }

    /// <summary>The data of <c>case.updated</c>: the changed fields, their previous values, when the change happened, the case after.</summary>
    private sealed record UpdatedAtData(IReadOnlyList<string> ChangedFields, JsonObject Previous, DateTimeOffset At, JsonObject State);

    /// <summary>The data of <c>case.status-changed</c>: from, to, when (an import's past instant, or now), who, and the case after.</summary>
    private sealed record StatusChangedData(string From, string To, DateTimeOffset At, string Actor, JsonObject State);

    /// <summary>The data of <c>sla.warning</c> and <c>sla.breached</c>: the case's facts the reactions need (priority, assignee) and the target.</summary>
    private sealed record SlaTargetData(
        Guid CaseId, string CaseNumber, Guid CustomerId, string Priority, Guid? AssigneeId, string Metric, int Instance, string State, int TargetMinutes,
        DateTimeOffset StartedAt, DateTimeOffset DueAt, DateTimeOffset WarnAt, DateTimeOffset? WarnedAt, DateTimeOffset? BreachedAt, Guid? PolicyId, int? PolicyVersion);

    /// <summary>The data of <c>case.message-added</c>: the message and the case after it.</summary>
    private sealed record MessageAddedData(CaseMessageDto Message, JsonObject State);
}
