namespace CustomerRetention.Application.Audit;

/// <summary>
/// The kinds of resource the event log records changes of, as the log spells them
/// (<c>customer</c>, <c>rfm-run</c>, …): the values of the audit log's <c>resourceType</c> filter.
/// </summary>
public enum AuditResourceType
{
    Customer,
    Interaction,
    Order,
    RfmRun,
    RfmSegmentMap,
    ClvModel,
}
