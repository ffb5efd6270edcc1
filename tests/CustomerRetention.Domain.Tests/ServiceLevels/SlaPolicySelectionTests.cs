using CustomerRetention.Domain.BuildingBlocks;
using CustomerRetention.Domain.ServiceLevels;
using CustomerRetention.Domain.ServiceLevels.Contracts;

namespace CustomerRetention.Domain.Tests.ServiceLevels;

/// <summary>The first-match rule of SPEC §9.3 and the target lookup, on hand-made policies.</summary>
public sealed class SlaPolicySelectionTests
{
    private static readonly DateTimeOffset Earlier = new(2026, 1, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Later = Earlier.AddMinutes(1);

    private static readonly SlaTarget[] DefaultTargets =
    [
        new(SlaMetric.FirstResponse, "low", 960), new(SlaMetric.FirstResponse, "normal", 480),
        new(SlaMetric.FirstResponse, "high", 240), new(SlaMetric.FirstResponse, "urgent", 60),
        new(SlaMetric.Resolution, "low", 4800), new(SlaMetric.Resolution, "normal", 2400),
        new(SlaMetric.Resolution, "high", 960), new(SlaMetric.Resolution, "urgent", 480),
    ];

    private static SlaConditions When(
        string[]? priorities = null, string[]? categories = null, string[]? channels = null, string[]? segments = null, string[]? tags = null) =>
        new(priorities ?? [], categories ?? [], channels ?? [], segments ?? [], tags ?? []);

    private static SlaPolicyCandidate Policy(string name, int position, SlaConditions conditions, DateTimeOffset createdAt, bool isDefault = false) =>
        new(Guid.CreateVersion7(createdAt), 1, createdAt, new SlaPolicyDetails(
            name, position, isDefault, conditions, null, HoursMode.Calendar, 75, isDefault ? DefaultTargets : [new SlaTarget(SlaMetric.FirstResponse, "urgent", 5)]));

    private static SlaCaseFacts Case(string priority, string category = "complaint", string channel = "email", string? segment = null, params string[] tags) =>
        new(priority, category, channel, segment, tags);

    private static readonly SlaPolicyCandidate Default = Policy("default", 0, SlaConditions.None, Earlier.AddDays(-1), isDefault: true);
    private static readonly SlaPolicyCandidate Vip = Policy("vip urgent", 1, When(priorities: ["urgent"], segments: ["champions"]), Earlier);
    private static readonly SlaPolicyCandidate Email = Policy("email", 1, When(channels: ["email"]), Later);
    private static readonly SlaPolicyCandidate Billing = Policy("billing", 0, When(categories: ["billing"]), Later);
    private static readonly SlaPolicyCandidate[] All = [Email, Default, Billing, Vip];

    [Fact]
    public void The_lowest_position_that_matches_wins()
    {
        // Billing (position 0) matches a billing email; Vip and Email (position 1) come later.
        Assert.Same(Billing, SlaPolicySelection.Select(All, Case("urgent", "billing", "email", "champions")));
    }

    [Fact]
    public void At_the_same_position_the_older_policy_wins()
    {
        // Vip and Email both match an urgent email of a champion at position 1; Vip was created first.
        Assert.Same(Vip, SlaPolicySelection.Select(All, Case("urgent", "complaint", "email", "champions")));
    }

    [Fact]
    public void Every_non_empty_condition_must_match()
    {
        // Urgent but not a champion: Vip does not match, Email does.
        Assert.Same(Email, SlaPolicySelection.Select(All, Case("urgent", "complaint", "email", "loyal-customers")));

        // A champion but not urgent, by phone: nothing but the default.
        Assert.Same(Default, SlaPolicySelection.Select(All, Case("high", "complaint", "phone", "champions")));
    }

    [Fact]
    public void A_customer_without_a_segment_never_matches_a_segment_condition()
    {
        Assert.Same(Default, SlaPolicySelection.Select([Default, Vip], Case("urgent", "complaint", "phone", null)));
    }

    [Fact]
    public void Any_shared_tag_matches_a_tag_condition()
    {
        var tagged = Policy("key accounts", 0, When(tags: ["vip", "wholesale"]), Earlier);
        Assert.Same(tagged, SlaPolicySelection.Select([Default, tagged], Case("low", "inquiry", "web", null, "newsletter", "wholesale")));
        Assert.Same(Default, SlaPolicySelection.Select([Default, tagged], Case("low", "inquiry", "web", null, "newsletter")));
        Assert.Same(Default, SlaPolicySelection.Select([Default, tagged], Case("low", "inquiry", "web", null)));
    }

    [Fact]
    public void The_default_is_chosen_only_when_nothing_else_matches_and_null_without_one()
    {
        // The default has position 0 but is never evaluated before the others.
        Assert.Same(Vip, SlaPolicySelection.Select([Default, Vip], Case("urgent", segment: "champions")));
        Assert.Null(SlaPolicySelection.Select([Vip], Case("low")));
    }

    [Fact]
    public void The_target_is_looked_up_by_metric_and_priority()
    {
        Assert.Equal(60, Default.Details.TargetFor(SlaMetric.FirstResponse, "urgent"));
        Assert.Equal(2400, Default.Details.TargetFor(SlaMetric.Resolution, "normal"));
        Assert.Null(Default.Details.TargetFor(SlaMetric.NextResponse, "normal"));
        Assert.Null(Vip.Details.TargetFor(SlaMetric.FirstResponse, "high"));
    }

    [Fact]
    public void A_policy_counts_its_versions_and_the_default_stays()
    {
        var now = Earlier;
        var details = new SlaPolicyDetails("default", 0, true, SlaConditions.None, Guid.CreateVersion7(), HoursMode.Business, 75, DefaultTargets);
        var policy = SlaPolicy.Create(details, now);
        Assert.Equal(1, policy.Revision);

        // The same definition again changes nothing; a new target raises the version.
        Assert.False(policy.Replace(details with { Conditions = SlaConditions.None }, now.AddMinutes(1)));
        Assert.True(policy.Replace(details with { WarnAtPercent = 80 }, now.AddMinutes(2)));
        Assert.Equal(2, policy.Revision);
        Assert.Equal(2, policy.ToVersion().Version);

        Assert.Equal("sla-default-policy-required", Assert.Throws<DomainException>(() => policy.Replace(details with { IsDefault = false }, now)).Code);
        Assert.Equal("sla-default-policy-required", Assert.Throws<DomainException>(() => policy.MarkDeleted(now)).Code);
        Assert.Equal("conditions", Assert.Throws<DomainValidationException>(() => SlaPolicy.Create(details with { Conditions = When(priorities: ["low"]) }, now)).Member);
        Assert.Equal("calendarId", Assert.Throws<DomainValidationException>(() => SlaPolicy.Create(details with { CalendarId = null }, now)).Member);
    }
}
