namespace CustomerRetention.Domain.ServiceLevels;

/// <summary>A policy revision as the selection sees it.</summary>
public sealed record SlaPolicyCandidate(Guid Id, int Version, DateTimeOffset CreatedAt, SlaPolicyDetails Details);

/// <summary>
/// The first-match rule of SPEC §9.3, pure: among the non-default policies ordered by
/// <c>position</c>, then creation (then id, so equal instants still have one order), the first
/// whose conditions match the case's facts applies; when none does, the default policy applies.
/// </summary>
public static class SlaPolicySelection
{
    /// <summary>The applicable policy, or null when none matches and there is no default.</summary>
    public static SlaPolicyCandidate? Select(IEnumerable<SlaPolicyCandidate> policies, SlaCaseFacts facts)
    {
        ArgumentNullException.ThrowIfNull(policies);
        ArgumentNullException.ThrowIfNull(facts);
        var all = policies.ToList();
        return all.Where(p => !p.Details.IsDefault)
                .OrderBy(p => p.Details.Position).ThenBy(p => p.CreatedAt).ThenBy(p => p.Id)
                .FirstOrDefault(p => p.Details.Conditions.Matches(facts))
            ?? all.FirstOrDefault(p => p.Details.IsDefault);
    }
}
