using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Application.BuildingBlocks.Json;
using CustomerRetention.Application.Customers.Contracts;
using CustomerRetention.Application.Segmentation.Contracts;
using CustomerRetention.Application.ServiceLevels.Contracts;
using CustomerRetention.Domain.Cases;
using CustomerRetention.Domain.ServiceLevels.Contracts;

namespace CustomerRetention.Application.Cases;

/// <summary>
/// The SLA terms a case follows, from the service levels' contract: a new case (and a case whose
/// priority or category changed) gets the first policy matching its facts — priority, category,
/// channel, the customer's segment in the latest RFM run and tags — and records its version;
/// every other change reads back the version the case recorded.
/// </summary>
public sealed class CaseSlaPlans(IApplicationDbContext db, ISlaPolicies policies)
{
    /// <summary>Starts the SLA clocks of a case just opened, with the policy its facts select.</summary>
    public async Task StartAsync(SupportCase supportCase, DateTimeOffset now, CancellationToken cancellationToken) =>
        supportCase.ApplySla((await SelectAsync(supportCase, cancellationToken)).Plan, now);

    /// <summary>
    /// Runs the case's SLA clocks over the changes just made (<see cref="SupportCase.ApplySla"/>):
    /// with the policy selected anew when <paramref name="factsChanged"/> (its priority or category
    /// changed), else with the version it recorded. A case without clocks stays without.
    /// </summary>
    public async Task ApplyAsync(SupportCase supportCase, bool factsChanged, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var terms = factsChanged && supportCase.HasSla ? await SelectAsync(supportCase, cancellationToken) : await RecordedAsync(supportCase, cancellationToken);
        if (terms is { Plan: var plan })
        {
            supportCase.ApplySla(plan, now);
        }
    }

    /// <summary>The first policy matching the case's facts (else the default), in its current version.</summary>
    public async Task<(SlaPlan Plan, SlaTerms Terms)> SelectAsync(SupportCase supportCase, CancellationToken cancellationToken)
    {
        var segment = (await db.LatestRfmScoresAsync([supportCase.CustomerId], cancellationToken)).GetValueOrDefault(supportCase.CustomerId)?.Segment;
        var tags = await db.TagsOfLiveAsync(supportCase.CustomerId, cancellationToken);
        var terms = await policies.SelectAsync(
            new SlaFacts(ApiJson.EnumValue(supportCase.Priority), ApiJson.EnumValue(supportCase.Category), ApiJson.EnumValue(supportCase.Channel), segment, tags),
            cancellationToken);
        return (ToPlan(terms), terms);
    }

    /// <summary>The recorded policy version of a case (null: it runs no SLA clocks).</summary>
    public async Task<(SlaPlan Plan, SlaTerms Terms)?> RecordedAsync(SupportCase supportCase, CancellationToken cancellationToken)
    {
        if (supportCase.SlaPolicyId is not { } id || supportCase.SlaPolicyVersion is not { } version)
        {
            return null;
        }

        var terms = await policies.GetVersionAsync(id, version, cancellationToken)
            ?? throw new InvalidOperationException($"Case {supportCase.Number} records SLA policy {id} version {version}, which was never kept.");
        return (ToPlan(terms), terms);
    }

    public static SlaPlan ToPlan(SlaTerms terms) => new(
        terms.PolicyId,
        terms.PolicyVersion,
        terms.WarnAtPercent,
        terms.Targets.ToDictionary(t => (ApiJson.ParseEnum<SlaMetric>(t.Metric), ApiJson.ParseEnum<CasePriority>(t.Priority)), t => t.Minutes),
        terms.Clock is { } clock ? new PolicyCalendar(clock) : RoundTheClock.Instance);

    /// <summary>The policy's own arithmetic.</summary>
    private sealed class PolicyCalendar(SlaClock clock) : ISlaCalendar
    {
        public DateTimeOffset Due(DateTimeOffset start, TimeSpan budget) => clock.DueAt(start, budget);

        public TimeSpan Elapsed(DateTimeOffset start, DateTimeOffset until) => clock.Elapsed(start, until);
    }

    /// <summary>
    /// Real time, for the one case the service levels cannot give a clock: a business-mode version
    /// whose calendar was deleted after no current policy used it any more (docs/cases.md).
    /// </summary>
    private sealed class RoundTheClock : ISlaCalendar
    {
        public static readonly RoundTheClock Instance = new();

        public DateTimeOffset Due(DateTimeOffset start, TimeSpan budget) => start.ToUniversalTime() + budget;

        public TimeSpan Elapsed(DateTimeOffset start, DateTimeOffset until) => until > start ? until - start : TimeSpan.Zero;
    }
}
