using CustomerRetention.Domain.ServiceLevels.Contracts;

namespace CustomerRetention.Application.ServiceLevels.Contracts;

/// <summary>
/// What other modules (the case SLA clocks) ask of the service levels: which policy, which
/// version and which targets apply to a case's facts, and the clock arithmetic of that policy. A
/// case records <see cref="SlaTerms.PolicyId"/> and <see cref="SlaTerms.PolicyVersion"/> and later
/// reads the same terms back with <see cref="GetVersionAsync"/>, whatever changed since.
/// </summary>
public interface ISlaPolicies
{
    /// <summary>The current version of the first matching policy (SPEC §9.3 first-match rule), else of the default policy.</summary>
    Task<SlaTerms> SelectAsync(SlaFacts facts, CancellationToken cancellationToken);

    /// <summary>A recorded version of a policy (also of a deleted policy), or null when there never was one.</summary>
    Task<SlaTerms?> GetVersionAsync(Guid policyId, int version, CancellationToken cancellationToken);
}

/// <summary>
/// A case's facts in the API spellings of SPEC §9.3: <see cref="Priority"/> (low … urgent),
/// <see cref="Category"/>, <see cref="Channel"/>, the customer's RFM segment key (or null) and tags.
/// </summary>
public sealed record SlaFacts(string Priority, string Category, string Channel, string? Segment, IReadOnlyCollection<string> Tags);

/// <summary>One target of a policy version: <see cref="Minutes"/> for <see cref="Metric"/> (<see cref="SlaMetricNames"/>) at <see cref="Priority"/>.</summary>
public sealed record SlaTargetTerm(string Metric, string Priority, int Minutes);

/// <summary>The metric spellings of SPEC §9.3.</summary>
public static class SlaMetricNames
{
    public const string FirstResponse = "first-response";
    public const string NextResponse = "next-response";
    public const string Resolution = "resolution";
}

/// <summary>
/// One version of a policy as a case applies it. <see cref="Clock"/> is null only for a
/// business-mode version whose calendar has since been deleted (no current policy used it any more).
/// </summary>
public sealed record SlaTerms(
    Guid PolicyId,
    int PolicyVersion,
    string PolicyName,
    string HoursMode,
    Guid? CalendarId,
    int WarnAtPercent,
    IReadOnlyList<SlaTargetTerm> Targets,
    SlaClock? Clock)
{
    /// <summary>The target minutes for a metric at a priority, or null: the policy sets none, so that metric runs no clock.</summary>
    public int? MinutesFor(string metric, string priority) =>
        Targets.FirstOrDefault(t => t.Metric == metric && t.Priority == priority)?.Minutes;
}
