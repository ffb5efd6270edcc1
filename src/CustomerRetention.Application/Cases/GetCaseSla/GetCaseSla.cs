using CustomerRetention.Application.BuildingBlocks;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Application.Cases.Contracts;
using CustomerRetention.Domain.Cases;
using CustomerRetention.Domain.ServiceLevels.Contracts;
using Mediator;

namespace CustomerRetention.Application.Cases.GetCaseSla;

/// <summary>The SLA targets of a case, their elapsed and paused minutes counted now, and the roll-up.</summary>
public sealed record GetCaseSlaQuery(Guid Id) : IQuery<CaseSlaDto>;

public sealed class GetCaseSlaHandler(IApplicationDbContext db, CaseSlaPlans plans, TimeProvider clock) : IQueryHandler<GetCaseSlaQuery, CaseSlaDto>
{
    public async ValueTask<CaseSlaDto> Handle(GetCaseSlaQuery query, CancellationToken cancellationToken)
    {
        var supportCase = await CaseLookup.FindAsync(db, query.Id, null, cancellationToken);
        var recorded = await plans.RecordedAsync(supportCase, cancellationToken);
        var now = clock.UtcNowMicroseconds();
        var pauses = supportCase.SlaPauses();
        IReadOnlyList<SlaTargetDto> targets = recorded is not { Plan: var plan } ? []
            : [.. supportCase.SlaTargets.OrderBy(t => t.StartedAt).ThenBy(t => t.Metric).ThenBy(t => t.Instance).Select(t => View(t, plan.Calendar, pauses, now))];
        return new CaseSlaDto
        {
            CaseId = supportCase.Id,
            CaseNumber = supportCase.Number,
            Policy = recorded is not { Terms: var terms } ? null : new SlaPolicyRefDto
            {
                Id = terms.PolicyId,
                Version = terms.PolicyVersion,
                Name = terms.PolicyName,
                HoursMode = terms.HoursMode,
                CalendarId = terms.CalendarId,
                WarnAtPercent = terms.WarnAtPercent,
            },
            State = recorded is null ? supportCase.SlaState : SupportCase.Rollup(targets.Select(t => t.State)),
            AsOf = now,
            Targets = targets,
        };
    }

    /// <summary>
    /// A target as of <paramref name="now"/>, with its minutes counted up to its achievement (or
    /// now), the pauses of the case inside that stretch left out. A running target past its due
    /// time shows breached at its due time even before the scheduler recorded it (right after an
    /// import, whose clocks wait for the rest of the history; docs/cases.md).
    /// </summary>
    internal static SlaTargetDto View(SlaTarget target, ISlaCalendar calendar, IReadOnlyList<(DateTimeOffset From, DateTimeOffset? To)> pauses, DateTimeOffset now)
    {
        var end = target.AchievedAt ?? now;
        var overdue = target.State == SlaTargetState.Running && target.DueAt <= now;
        var paused = TimeSpan.Zero;
        if (target.Metric == SlaMetric.Resolution)
        {
            foreach (var (from, to) in pauses)
            {
                var start = from > target.StartedAt ? from : target.StartedAt;
                var stop = to is { } t && t < end ? t : end;
                paused += calendar.Elapsed(start, stop);
            }
        }

        return new SlaTargetDto
        {
            Metric = target.Metric,
            Instance = target.Instance,
            State = overdue ? SlaTargetState.Breached : target.State,
            TargetMinutes = target.TargetMinutes,
            StartedAt = target.StartedAt,
            DueAt = target.DueAt,
            WarnAt = target.WarnAt,
            WarnedAt = target.WarnedAt,
            AchievedAt = target.AchievedAt,
            BreachedAt = overdue ? target.DueAt : target.BreachedAt,
            ElapsedMinutes = Minutes(calendar.Elapsed(target.StartedAt, end) - paused),
            ElapsedCalendarMinutes = Minutes(end > target.StartedAt ? end - target.StartedAt : TimeSpan.Zero),
            PausedMinutes = Minutes(paused),
        };
    }

    private static double Minutes(TimeSpan span) => Math.Round(Math.Max(0, span.TotalMinutes), 2, MidpointRounding.AwayFromZero);
}
