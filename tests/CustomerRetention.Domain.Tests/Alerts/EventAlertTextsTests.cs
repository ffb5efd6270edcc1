using CustomerRetention.Domain.Alerts;

namespace CustomerRetention.Domain.Tests.Alerts;

/// <summary>The event kinds' severities and sentences (SPEC §9.1), which the reaction's SQL is built from.</summary>
public sealed class EventAlertTextsTests
{
    [Theory]
    [InlineData("urgent", AlertSeverity.Critical)]
    [InlineData("high", AlertSeverity.High)]
    [InlineData("normal", AlertSeverity.Medium)]
    [InlineData("low", AlertSeverity.Low)]
    [InlineData("unheard-of", AlertSeverity.Medium)]
    public void A_case_priority_has_its_severity(string priority, AlertSeverity severity) =>
        Assert.Equal(severity, EventAlertTexts.SlaSeverity(priority));

    [Fact]
    public void The_four_priorities_of_the_contract_map_onto_the_four_severities_once_each() =>
        Assert.Equal(
            Enum.GetValues<AlertSeverity>().OrderBy(s => s),
            EventAlertTexts.SlaSeverities.Values.OrderBy(s => s));

    [Theory]
    [InlineData("first-response", 1, "first response")]
    [InlineData("next-response", 3, "next response 3")]
    [InlineData("resolution", 1, "resolution")]
    [InlineData("something-new", 1, "something-new")]
    public void A_breached_target_reads_as_words(string metric, int instance, string words) =>
        Assert.Equal(words, EventAlertTexts.SlaTarget(metric, instance));

    [Fact]
    public void A_breach_reason_names_the_case_the_target_the_due_time_and_the_priority() =>
        Assert.Equal(
            "Case CS-000042: first response was due at 2026-03-02T10:00:00Z and is breached (priority urgent).",
            EventAlertTexts.SlaBreachReason("CS-000042", "first-response", 1, "2026-03-02T10:00:00Z", "urgent"));

    [Fact]
    public void A_detractor_reason_names_the_score_the_maximum_the_survey_and_the_time() =>
        Assert.Equal(
            "NPS score 2 (detractor, ≤ 6) on survey 'Quarterly NPS' at 2026-03-02T10:00:00Z.",
            EventAlertTexts.NpsDetractorReason(2, 6, "Quarterly NPS", "2026-03-02T10:00:00Z"));

    [Fact]
    public void Rendering_fills_the_placeholders_in_order_ignores_values_left_over_and_refuses_too_few()
    {
        Assert.Equal("a 1 b 2", EventAlertTexts.Render("a %s b %s", "1", "2"));
        Assert.Equal("resolution", EventAlertTexts.Render("resolution", "1"));
        Assert.Equal("100 %s", EventAlertTexts.Render("%s", "100 %s"));
        Assert.Throws<ArgumentException>(() => EventAlertTexts.Render("%s and %s", "one"));
    }
}
