using CustomerRetention.Domain.Cases;
using CustomerRetention.Domain.ServiceLevels;
using SlaTarget = CustomerRetention.Domain.Cases.SlaTarget;
using CustomerRetention.Domain.ServiceLevels.Contracts;

namespace CustomerRetention.Domain.Tests.Cases;

/// <summary>
/// The case SLA clocks on their own (SPEC §9.3), on a UTC calendar open Monday to Friday
/// 09:00–17:00: every expected instant is counted by hand in the comment beside it.
/// </summary>
public sealed class CaseSlaClockTests
{
    private static readonly DateTimeOffset Monday = new(2026, 11, 16, 9, 0, 0, TimeSpan.Zero);

    private static readonly BusinessHours NineToFive = new(
        TimeZoneInfo.Utc,
        [.. new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday }.Select(d => new WeeklyInterval(d, 540, 1020))],
        []);

    private static SlaPlan Plan(int firstResponse, int resolution, int? nextResponse = null, HoursMode mode = HoursMode.Business)
    {
        var minutes = new Dictionary<(SlaMetric, CasePriority), int>
        {
            [(SlaMetric.FirstResponse, CasePriority.Normal)] = firstResponse,
            [(SlaMetric.Resolution, CasePriority.Normal)] = resolution,
        };
        if (nextResponse is { } next)
        {
            minutes[(SlaMetric.NextResponse, CasePriority.Normal)] = next;
        }

        return new SlaPlan(Guid.NewGuid(), 1, 75, minutes, new Hours(NineToFive, mode));
    }

    private static SupportCase Open(SlaPlan plan, DateTimeOffset at)
    {
        var supportCase = SupportCase.Open(1, Guid.NewGuid(), new CaseDetails(CaseChannel.Email, CaseCategory.Complaint, "Broken", null, CasePriority.Normal, null, null), null, at, "test", at);
        supportCase.ApplySla(plan, at);
        return supportCase;
    }

    private static SlaTarget Target(SupportCase supportCase, SlaMetric metric, int instance = 1) =>
        supportCase.SlaTargets.Single(t => t.Metric == metric && t.Instance == instance);

    private static void Status(SupportCase supportCase, SlaPlan plan, CaseStatus to, DateTimeOffset at)
    {
        supportCase.ChangeStatus(to, to == CaseStatus.Solved ? new CaseResolution("Done", CompensationType.None, null, null) : null, at, "test", at);
        supportCase.ApplySla(plan, at);
    }

    private static void Message(SupportCase supportCase, SlaPlan plan, MessageDirection direction, MessageAuthorType author, DateTimeOffset at)
    {
        supportCase.AddMessage(direction, author, direction != MessageDirection.Internal, "text", at, "test", at);
        supportCase.ApplySla(plan, at);
    }

    [Fact]
    public void A_resume_moves_the_resolution_due_time_later_by_the_business_minutes_paused()
    {
        var plan = Plan(60, 480);
        var supportCase = Open(plan, Monday);

        // 480 business minutes from Monday 09:00 is Monday 17:00.
        Assert.Equal(Monday.AddHours(8), Target(supportCase, SlaMetric.Resolution).DueAt);
        Status(supportCase, plan, CaseStatus.PendingCustomer, Monday.AddHours(1));
        Assert.Equal(SlaTargetState.Paused, Target(supportCase, SlaMetric.Resolution).State);

        // Paused Monday 10:00 → Tuesday 10:00: 420 + 60 = 480 business minutes; 420 remain from Tuesday 10:00 → Tuesday 17:00.
        Status(supportCase, plan, CaseStatus.Open, Monday.AddDays(1).AddHours(1));
        var resolution = Target(supportCase, SlaMetric.Resolution);
        Assert.Equal(SlaTargetState.Running, resolution.State);
        Assert.Equal(Monday.AddDays(1).AddHours(8), resolution.DueAt);

        // The warning at 75 % (360 minutes): 60 consumed on Monday, 300 more from Tuesday 10:00 → 15:00.
        Assert.Equal(Monday.AddDays(1).AddHours(6), resolution.WarnAt);
    }

    [Fact]
    public void A_paused_target_does_not_breach_and_breaches_after_the_resume_once_its_remaining_minutes_pass()
    {
        var plan = Plan(60, 120);
        var supportCase = Open(plan, Monday);
        Message(supportCase, plan, MessageDirection.Outbound, MessageAuthorType.Agent, Monday.AddMinutes(30));
        Status(supportCase, plan, CaseStatus.PendingCustomer, Monday.AddMinutes(90));

        // Its unpaused due time (11:00) passes while it waits on the customer: no breach.
        supportCase.AdvanceSla(Monday.AddHours(4));
        Assert.Equal(SlaTargetState.Paused, Target(supportCase, SlaMetric.Resolution).State);

        // Resumed Tuesday 09:00 after 390 paused minutes (10:30–17:00): 30 minutes remain → 09:30.
        Status(supportCase, plan, CaseStatus.Open, Monday.AddDays(1));
        Assert.Equal(Monday.AddDays(1).AddMinutes(30), Target(supportCase, SlaMetric.Resolution).DueAt);
        supportCase.AdvanceSla(Monday.AddDays(1).AddMinutes(29));
        Assert.Equal(SlaTargetState.Running, Target(supportCase, SlaMetric.Resolution).State);

        // Exactly at the due time it breaches, at the due time, once.
        supportCase.AdvanceSla(Monday.AddDays(1).AddMinutes(30));
        supportCase.AdvanceSla(Monday.AddDays(1).AddMinutes(45));
        var resolution = Target(supportCase, SlaMetric.Resolution);
        Assert.Equal(SlaTargetState.Breached, resolution.State);
        Assert.Equal(Monday.AddDays(1).AddMinutes(30), resolution.BreachedAt);
        Assert.Single(supportCase.TakeEvents().OfType<SlaBreached>());
        Assert.Equal(SlaRollup.ActiveWithMisses, supportCase.SlaState);
    }

    [Fact]
    public void A_reply_exactly_at_the_due_time_meets_it_and_one_a_minute_later_breaches_it_first()
    {
        var plan = Plan(60, 480);
        var atDue = Open(plan, Monday);
        Message(atDue, plan, MessageDirection.Outbound, MessageAuthorType.Agent, Monday.AddMinutes(60));
        Assert.Equal(SlaTargetState.Achieved, Target(atDue, SlaMetric.FirstResponse).State);

        var late = Open(plan, Monday);
        Message(late, plan, MessageDirection.Outbound, MessageAuthorType.Agent, Monday.AddMinutes(61));
        var first = Target(late, SlaMetric.FirstResponse);
        Assert.Equal(SlaTargetState.BreachedAchieved, first.State);
        Assert.Equal(Monday.AddMinutes(60), first.BreachedAt);
        Assert.Equal(Monday.AddMinutes(61), first.AchievedAt);
        Assert.Equal(SlaRollup.Active, atDue.SlaState);
        Assert.Equal(SlaRollup.ActiveWithMisses, late.SlaState);
    }

    [Fact]
    public void Next_response_instances_start_at_the_first_customer_message_after_a_reply_and_a_solve_fulfils_them()
    {
        var plan = Plan(60, 960, nextResponse: 30);
        var supportCase = Open(plan, Monday);

        // Before the first reply a customer message starts nothing: first-response covers it.
        Message(supportCase, plan, MessageDirection.Inbound, MessageAuthorType.Customer, Monday.AddMinutes(5));
        Assert.DoesNotContain(supportCase.SlaTargets, t => t.Metric == SlaMetric.NextResponse);
        Message(supportCase, plan, MessageDirection.Outbound, MessageAuthorType.Agent, Monday.AddMinutes(10));
        Message(supportCase, plan, MessageDirection.Inbound, MessageAuthorType.Customer, Monday.AddMinutes(20));
        Message(supportCase, plan, MessageDirection.Inbound, MessageAuthorType.Customer, Monday.AddMinutes(25));
        Message(supportCase, plan, MessageDirection.Internal, MessageAuthorType.Agent, Monday.AddMinutes(26));
        Message(supportCase, plan, MessageDirection.Outbound, MessageAuthorType.System, Monday.AddMinutes(27));
        var first = Target(supportCase, SlaMetric.NextResponse);
        Assert.Equal(Monday.AddMinutes(20), first.StartedAt);
        Assert.Equal(SlaTargetState.Running, first.State);
        Message(supportCase, plan, MessageDirection.Outbound, MessageAuthorType.Agent, Monday.AddMinutes(40));
        Assert.Equal(SlaTargetState.Achieved, first.State);

        Message(supportCase, plan, MessageDirection.Inbound, MessageAuthorType.Customer, Monday.AddMinutes(50));
        var second = Target(supportCase, SlaMetric.NextResponse, 2);
        Status(supportCase, plan, CaseStatus.Solved, Monday.AddMinutes(55));
        Assert.Equal(SlaTargetState.Achieved, second.State);
        Assert.Equal(Monday.AddMinutes(55), second.AchievedAt);
        Assert.Equal(SlaRollup.Hit, supportCase.SlaState);
        Assert.Null(supportCase.SlaNextCheckAt);
    }

    [Fact]
    public void A_priority_change_to_terms_without_a_metric_stops_its_running_target()
    {
        var plan = Plan(60, 480);
        var supportCase = Open(plan, Monday);
        var urgentOnly = new SlaPlan(Guid.NewGuid(), 3, 75, new Dictionary<(SlaMetric, CasePriority), int> { [(SlaMetric.Resolution, CasePriority.Urgent)] = 240 }, new Hours(NineToFive, HoursMode.Business));
        supportCase.Update("Broken", null, CaseCategory.Complaint, CasePriority.Urgent, null, Monday.AddMinutes(30), "test", Monday.AddMinutes(30));
        supportCase.ApplySla(urgentOnly, Monday.AddMinutes(30));
        Assert.Equal(urgentOnly.PolicyId, supportCase.SlaPolicyId);
        Assert.Equal(3, supportCase.SlaPolicyVersion);
        var resolution = Assert.Single(supportCase.SlaTargets);
        Assert.Equal(SlaMetric.Resolution, resolution.Metric);
        Assert.Equal(Monday.AddHours(4), resolution.DueAt);
    }

    [Fact]
    public void Calendar_mode_counts_every_minute_of_the_weekend()
    {
        var plan = Plan(60, 2 * 24 * 60, mode: HoursMode.Calendar);
        var friday = new DateTimeOffset(2026, 11, 20, 16, 0, 0, TimeSpan.Zero);
        var supportCase = Open(plan, friday);
        Assert.Equal(friday.AddDays(2), Target(supportCase, SlaMetric.Resolution).DueAt);
        Assert.Equal(friday.AddHours(1), Target(supportCase, SlaMetric.FirstResponse).DueAt);
    }

    /// <summary>The business hours as the case sees them (the service levels' SlaClock does the same in production).</summary>
    private sealed class Hours(BusinessHours hours, HoursMode mode) : ISlaCalendar
    {
        public DateTimeOffset Due(DateTimeOffset start, TimeSpan budget) => hours.Due(start, budget, mode);

        public TimeSpan Elapsed(DateTimeOffset start, DateTimeOffset until) => hours.Elapsed(start, until, mode);
    }
}
