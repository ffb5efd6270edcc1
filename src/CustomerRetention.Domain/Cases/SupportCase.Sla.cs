using CustomerRetention.Domain.BuildingBlocks.Events;
using CustomerRetention.Domain.ServiceLevels.Contracts;

namespace CustomerRetention.Domain.Cases;

/// <summary>
/// The SLA clocks of a case (SPEC §9.3 rules 1–6), driven by the case's own changes in the order
/// they happened: <see cref="ApplySla"/> replays the changes raised since the last call (each at its
/// own instant, so imported history computes as if it had happened live), and
/// <see cref="AdvanceSla"/> lets time pass (the scheduler). Breaches and warnings are raised as
/// <c>sla.breached</c> and <c>sla.warning</c> exactly when a target's state records them, so each
/// target has at most one of each: the case's row version makes two writers of one case conflict.
/// </summary>
public sealed partial class SupportCase
{
    /// <summary>
    /// How long after a request that imported history (its latest change dated more than
    /// <see cref="ImportedBefore"/> in the past) the clocks wait at the latest imported instant
    /// before the scheduler lets the time since then pass: an importer sends a case and then its
    /// messages and changes one request at a time, and a response dated before a due time must
    /// still achieve the target.
    /// </summary>
    public static readonly TimeSpan SlaImportWindow = TimeSpan.FromMinutes(10);

    /// <summary>A change dated this much before it was recorded is imported history.</summary>
    public static readonly TimeSpan ImportedBefore = TimeSpan.FromMinutes(1);

    private readonly List<SlaTarget> _slaTargets = [];
    private readonly HashSet<IDomainEvent> _slaApplied = new(ReferenceEqualityComparer.Instance);

    /// <summary>The SLA policy the case follows (null for a case opened before SLA clocks existed: it runs none).</summary>
    public Guid? SlaPolicyId { get; private set; }

    /// <summary>The version of <see cref="SlaPolicyId"/> the case keeps, whatever changed in the policy since.</summary>
    public int? SlaPolicyVersion { get; private set; }

    /// <summary>The roll-up of the targets (null: the policy sets no target at the case's priority).</summary>
    public SlaRollup? SlaState { get; private set; }

    /// <summary>The next instant at which a running target warns or falls due: what the scheduler looks for.</summary>
    public DateTimeOffset? SlaNextCheckAt { get; private set; }

    /// <summary>The targets, in the order they started.</summary>
    public IReadOnlyList<SlaTarget> SlaTargets => _slaTargets;

    /// <summary>Whether the case runs SLA clocks at all (it recorded a policy).</summary>
    public bool HasSla => SlaPolicyId is not null;

    /// <summary>
    /// Runs the clocks over the changes made since the last call, in order, with
    /// <paramref name="plan"/> (the policy the case keeps, or — after a priority or category
    /// change — the one selected for its new facts), then lets time pass up to <paramref name="now"/>.
    /// </summary>
    public void ApplySla(SlaPlan plan, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var changes = PendingEvents
            .Where(e => e is CaseCreated or CaseMessageAdded or CaseStatusChanged or CaseUpdated && !_slaApplied.Contains(e))
            .ToList();
        var responded = FirstRespondedAt is not null && !changes.Any(e => e is CaseMessageAdded { Message.IsResponse: true });
        foreach (var change in changes)
        {
            _slaApplied.Add(change);
            switch (change)
            {
                case CaseCreated:
                    Adopt(plan);
                    StartTarget(plan, SlaMetric.FirstResponse, OpenedAt, OpenedAt, now);
                    StartTarget(plan, SlaMetric.Resolution, OpenedAt, OpenedAt, now);
                    break;
                case CaseMessageAdded added when HasSla:
                    PassTime(added.Message.SentAt, live: false, now);
                    OnMessage(plan, added.Message, ref responded, now);
                    break;
                case CaseStatusChanged changed when HasSla:
                    PassTime(changed.At, live: false, now);
                    OnStatus(plan, changed.From, changed.To, changed.At, now);
                    break;
                case CaseUpdated updated when HasSla && (updated.ChangedFields.Contains("priority") || updated.ChangedFields.Contains("category")):
                    PassTime(updated.At, live: false, now);
                    Replan(plan, updated.At, responded, now);
                    break;
            }
        }

        if (LastActivityAt < now - ImportedBefore)
        {
            // Imported history: the clocks stand at the latest imported instant while the importer
            // brings the rest of it; the scheduler lets the remaining time pass after the window.
            PassTime(LastActivityAt, live: false, now);
            Summarize();
            SlaNextCheckAt = SlaNextCheckAt is { } next && next < now + SlaImportWindow ? now + SlaImportWindow : SlaNextCheckAt;
            return;
        }

        AdvanceSla(now);
    }

    /// <summary>
    /// Lets time pass up to <paramref name="now"/>: a running target whose due time has come is
    /// breached (at its due time); one past its warning point warns. A paused target does neither.
    /// </summary>
    public void AdvanceSla(DateTimeOffset now)
    {
        if (!HasSla)
        {
            return;
        }

        PassTime(now, live: true, now);
        Summarize();
    }

    private void Summarize()
    {
        SlaState = Rollup(_slaTargets.Select(t => t.State));
        SlaNextCheckAt = _slaTargets
            .Where(t => t.State == SlaTargetState.Running)
            .Select(t => t.WarnedAt is null && t.WarnAt < t.DueAt ? t.WarnAt : t.DueAt)
            .Order()
            .Cast<DateTimeOffset?>()
            .FirstOrDefault();
    }

    /// <summary>The roll-up of targets in these states (null: no target).</summary>
    public static SlaRollup? Rollup(IEnumerable<SlaTargetState> states)
    {
        var all = states.ToList();
        if (all.Count == 0)
        {
            return null;
        }

        var open = all.Any(s => s is SlaTargetState.Running or SlaTargetState.Paused or SlaTargetState.Breached);
        var missed = all.Any(s => s is SlaTargetState.Breached or SlaTargetState.BreachedAchieved);
        return open ? missed ? SlaRollup.ActiveWithMisses : SlaRollup.Active : missed ? SlaRollup.Missed : SlaRollup.Hit;
    }

    /// <summary>
    /// The pauses of the resolution clock: every stretch the case spent pending-customer, as
    /// [from, to) in time order; the last one has no end while the case still waits. Entering and
    /// leaving are paired in time order, so two changes at one instant pair the same way whatever
    /// order the journal was read in.
    /// </summary>
    public IReadOnlyList<(DateTimeOffset From, DateTimeOffset? To)> SlaPauses()
    {
        var pending = Name(CaseStatus.PendingCustomer);
        var entered = _history.Where(h => h.Field == "status" && h.To == pending).Select(h => h.At).Order().ToList();
        var left = _history.Where(h => h.Field == "status" && h.From == pending).Select(h => h.At).Order().ToList();
        return [.. entered.Select((from, i) => (from, i < left.Count ? left[i] : (DateTimeOffset?)null))];
    }

    private void Adopt(SlaPlan plan)
    {
        SlaPolicyId = plan.PolicyId;
        SlaPolicyVersion = plan.PolicyVersion;
    }

    private void PassTime(DateTimeOffset at, bool live, DateTimeOffset now)
    {
        // A change dated exactly at the due time still meets it ("within 60 minutes" includes the 60th);
        // time passing up to the due time (live) breaches it.
        foreach (var target in _slaTargets.Where(t => t.State == SlaTargetState.Running && (live ? t.DueAt <= at : t.DueAt < at)))
        {
            target.Breach(target.DueAt);
            Raise(new SlaBreached(this, target, now));
        }

        // A warning is for a target at risk now: replayed history (live: false) never warns.
        foreach (var target in _slaTargets.Where(t => live && t.State == SlaTargetState.Running && t.WarnedAt is null && t.WarnAt <= at))
        {
            target.Warned(at);
            Raise(new SlaWarningRaised(this, target, now));
        }
    }

    private void OnMessage(SlaPlan plan, CaseMessage message, ref bool responded, DateTimeOffset now)
    {
        if (message.IsResponse)
        {
            foreach (var target in _slaTargets.Where(t => t.IsOpen && t.Metric is SlaMetric.FirstResponse or SlaMetric.NextResponse))
            {
                target.Achieve(message.SentAt);
            }

            responded = true;
        }
        else if (message.AuthorType == MessageAuthorType.Customer && responded
            && !_slaTargets.Any(t => t.IsOpen && t.Metric == SlaMetric.NextResponse))
        {
            StartTarget(plan, SlaMetric.NextResponse, message.SentAt, message.SentAt, now);
        }
    }

    private void OnStatus(SlaPlan plan, CaseStatus from, CaseStatus to, DateTimeOffset at, DateTimeOffset now)
    {
        if (to is CaseStatus.Solved or CaseStatus.Closed)
        {
            // Solving fulfils every open clock: the resolution, and the responses the solve answers.
            foreach (var target in _slaTargets.Where(t => t.IsOpen))
            {
                target.Achieve(at);
            }

            return;
        }

        foreach (var target in _slaTargets.Where(t => t.Metric == SlaMetric.Resolution))
        {
            if (to == CaseStatus.PendingCustomer)
            {
                target.Pause();
            }
            else if (from == CaseStatus.PendingCustomer && target.State == SlaTargetState.Paused)
            {
                target.Resume();
                Reschedule(plan, target, target.TargetMinutes, at, now);
            }
        }
    }

    /// <summary>
    /// A priority or category change (SPEC §9.3 rule 5): the case adopts <paramref name="plan"/> and
    /// every open target is recomputed from its original start with the new minutes, keeping the
    /// time consumed and paused; one already exceeded breaches at once. A target the new terms
    /// have no minutes for stops counting (it is removed unless it already breached); a first-response
    /// or resolution target the old terms had none for starts from the opening, if what it measures
    /// has not happened yet.
    /// </summary>
    private void Replan(SlaPlan plan, DateTimeOffset at, bool responded, DateTimeOffset now)
    {
        Adopt(plan);
        foreach (var target in _slaTargets.Where(t => t.State is SlaTargetState.Running or SlaTargetState.Paused).ToList())
        {
            if (plan.MinutesFor(target.Metric, Priority) is { } minutes)
            {
                Reschedule(plan, target, minutes, at, now);
            }
            else
            {
                _slaTargets.Remove(target);
            }
        }

        var solvedBefore = _history.Any(h => h.Field == "status" && h.To == Name(CaseStatus.Solved));
        if (!responded && !solvedBefore && _slaTargets.All(t => t.Metric != SlaMetric.FirstResponse))
        {
            StartTarget(plan, SlaMetric.FirstResponse, OpenedAt, at, now);
        }

        if (!solvedBefore && _slaTargets.All(t => t.Metric != SlaMetric.Resolution))
        {
            StartTarget(plan, SlaMetric.Resolution, OpenedAt, at, now);
        }
    }

    private void StartTarget(SlaPlan plan, SlaMetric metric, DateTimeOffset start, DateTimeOffset at, DateTimeOffset now)
    {
        if (plan.MinutesFor(metric, Priority) is not { } minutes)
        {
            return;
        }

        var instance = _slaTargets.Where(t => t.Metric == metric).Select(t => t.Instance).DefaultIfEmpty(0).Max() + 1;
        var target = SlaTarget.Start(Id, metric, instance, start, minutes, now);
        _slaTargets.Add(target);
        if (metric == SlaMetric.Resolution && Status == CaseStatus.PendingCustomer && at > start)
        {
            target.Pause();
        }

        Reschedule(plan, target, minutes, at, now);
    }

    /// <summary>Due and warning times from the original start with <paramref name="minutes"/> and the pauses so far; a running target already exceeded at <paramref name="at"/> (due before it) breaches then.</summary>
    private void Reschedule(SlaPlan plan, SlaTarget target, int minutes, DateTimeOffset at, DateTimeOffset now)
    {
        var pauses = target.Metric == SlaMetric.Resolution ? SlaPauses() : [];
        target.Schedule(
            minutes,
            Budgeted(plan.Calendar, target.StartedAt, TimeSpan.FromMinutes(minutes), pauses),
            Budgeted(plan.Calendar, target.StartedAt, TimeSpan.FromMinutes(minutes * plan.WarnAtPercent / 100.0), pauses));
        if (target.State == SlaTargetState.Running && target.DueAt < at)
        {
            target.Breach(at > target.DueAt ? at : target.DueAt);
            Raise(new SlaBreached(this, target, now));
        }
    }

    /// <summary>
    /// The instant at which <paramref name="budget"/> counted time has been consumed after
    /// <paramref name="start"/>, not counting the finished pauses that began before it: the
    /// smallest X with counted(start, X) − paused(start, X) = budget, found by adding the pauses
    /// that fall before the current answer until it no longer moves (at most once per pause).
    /// </summary>
    private static DateTimeOffset Budgeted(ISlaCalendar calendar, DateTimeOffset start, TimeSpan budget, IReadOnlyList<(DateTimeOffset From, DateTimeOffset? To)> pauses)
    {
        var due = calendar.Due(start, budget);
        for (var round = 0; round <= pauses.Count; round++)
        {
            var paused = TimeSpan.Zero;
            foreach (var (from, to) in pauses)
            {
                if (to is { } end && from < due)
                {
                    paused += calendar.Elapsed(from > start ? from : start, end);
                }
            }

            var next = calendar.Due(start, budget + paused);
            if (next == due)
            {
                break;
            }

            due = next;
        }

        return due;
    }
}
