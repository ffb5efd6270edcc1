using AutoMapper;
using CustomerRetention.Application.Alerts.Contracts;
using CustomerRetention.Application.BuildingBlocks.Events;
using CustomerRetention.Domain.Alerts;

namespace CustomerRetention.Application.Alerts;

/// <summary>
/// The event-log data of the alert events raised in a request: rules as the API returns them;
/// alerts without their history (the evaluation job writes the same shapes set-based: AlertSql).
/// </summary>
internal sealed class AlertEventData(IMapper mapper)
    : IEventData<AlertRuleCreated>, IEventData<AlertRuleUpdated>, IEventData<AlertRuleDeleted>,
      IEventData<AlertOpened>, IEventData<AlertStatusChanged>, IEventData<AlertUpdated>,
      IEventData<AlertEvaluationRequested>, IEventData<AlertEvaluationSucceeded>, IEventData<AlertEvaluationFailed>
{
    public object DataOf(AlertRuleCreated domainEvent) => new CreatedData<System.Text.Json.Nodes.JsonObject>(EventState.Of(mapper.Map<AlertRuleDto>(domainEvent.Rule)));

    public object DataOf(AlertRuleUpdated domainEvent) => new RuleUpdatedData(domainEvent.ChangedFields, EventState.Of(mapper.Map<AlertRuleDto>(domainEvent.Rule)));

    public object DataOf(AlertRuleDeleted domainEvent) => new DeletedData(domainEvent.OccurredAt);

    public object DataOf(AlertOpened domainEvent) => new CreatedData<System.Text.Json.Nodes.JsonObject>(State(domainEvent.Alert));

    public object DataOf(AlertStatusChanged domainEvent) =>
        new StatusChangedData(domainEvent.From, domainEvent.To, domainEvent.Actor, domainEvent.Note, State(domainEvent.Alert));

    public object DataOf(AlertUpdated domainEvent) =>
        new UpdatedData<System.Text.Json.Nodes.JsonObject>(domainEvent.ChangedFields, EventState.Previous(domainEvent.Previous), State(domainEvent.Alert));

    public object DataOf(AlertEvaluationRequested domainEvent) => new CreatedData<AlertEvaluationDto>(mapper.Map<AlertEvaluationDto>(domainEvent.Evaluation));

    public object DataOf(AlertEvaluationSucceeded domainEvent) => new SucceededData(domainEvent.RuleId, System.Text.Json.Nodes.JsonNode.Parse(domainEvent.Figures)!);

    public object DataOf(AlertEvaluationFailed domainEvent) => new FailedData(domainEvent.Reason);

    private System.Text.Json.Nodes.JsonObject State(Alert alert)
    {
        var state = EventState.Of(mapper.Map<AlertDto>(alert) with { History = null });
        state.Remove("history");
        return state;
    }

    /// <summary>The data of <c>alert.rule-updated</c>: the changed fields and the new version.</summary>
    private sealed record RuleUpdatedData(IReadOnlyList<string> ChangedFields, System.Text.Json.Nodes.JsonObject State);

    /// <summary>The data of <c>alert.rule-deleted</c>.</summary>
    private sealed record DeletedData(DateTimeOffset DeletedAt);

    /// <summary>The data of <c>alert.status-changed</c>: from, to, who and why, and the alert after.</summary>
    private sealed record StatusChangedData(AlertStatus From, AlertStatus To, string Actor, string? Note, System.Text.Json.Nodes.JsonObject State);

    /// <summary>The data of <c>alert.evaluation-succeeded</c>.</summary>
    private sealed record SucceededData(Guid RuleId, System.Text.Json.Nodes.JsonNode Figures);

    /// <summary>The data of <c>alert.evaluation-failed</c>.</summary>
    private sealed record FailedData(string Error);
}
