namespace CustomerRetention.Domain.Alerts;

/// <summary>
/// What the event kinds of SPEC §9.1 say and how severe they are, as tables and <c>%s</c> sentences:
/// the reaction that opens their alerts renders them set-based in SQL (<c>format()</c> with the
/// same sentence, <c>CASE</c> built from the same tables), and this class renders them one at a
/// time, so the wording has one home and can be unit-tested without the event that carries it.
/// </summary>
public static class EventAlertTexts
{
    /// <summary>An <c>nps-detractor</c> alert's reason: score, maxScore, the survey's name, respondedAt.</summary>
    public const string NpsReason = "NPS score %s (detractor, ≤ %s) on survey '%s' at %s.";

    /// <summary>An <c>nps-detractor</c> alert's title: score, the survey's name.</summary>
    public const string NpsTitle = "NPS %s on %s";

    /// <summary>An <c>sla-breach</c> alert's reason: case number, the target (<see cref="SlaTargets"/>), dueAt, priority.</summary>
    public const string SlaReason = "Case %s: %s was due at %s and is breached (priority %s).";

    /// <summary>An <c>sla-breach</c> alert's title: the target, case number.</summary>
    public const string SlaTitle = "SLA breached: %s of %s";

    /// <summary>The case priority's severity (SPEC §9.1): urgent → critical, high → high, normal → medium, low → low.</summary>
    public static IReadOnlyDictionary<string, AlertSeverity> SlaSeverities { get; } = new Dictionary<string, AlertSeverity>(StringComparer.Ordinal)
    {
        ["urgent"] = AlertSeverity.Critical,
        ["high"] = AlertSeverity.High,
        ["normal"] = AlertSeverity.Medium,
        ["low"] = AlertSeverity.Low,
    };

    /// <summary>The words for an SLA metric in a sentence; <c>%s</c> is the target's instance (only next responses are counted).</summary>
    public static IReadOnlyDictionary<string, string> SlaTargets { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["first-response"] = "first response",
        ["next-response"] = "next response %s",
        ["resolution"] = "resolution",
    };

    /// <summary>The severity of a breach of a case of <paramref name="priority"/>; an unknown priority is medium (the contract has four).</summary>
    public static AlertSeverity SlaSeverity(string priority) =>
        SlaSeverities.TryGetValue(priority, out var severity) ? severity : AlertSeverity.Medium;

    /// <summary>The target as words: "first response", "next response 2", "resolution" (an unknown metric as it is).</summary>
    public static string SlaTarget(string metric, int instance) =>
        SlaTargets.TryGetValue(metric, out var words) ? Render(words, instance.ToString(System.Globalization.CultureInfo.InvariantCulture)) : metric;

    /// <summary>The reason of a breach, e.g. "Case CS-000042: first response was due at 2026-03-02T10:00:00Z and is breached (priority urgent)."</summary>
    public static string SlaBreachReason(string caseNumber, string metric, int instance, string dueAt, string priority) =>
        Render(SlaReason, caseNumber, SlaTarget(metric, instance), dueAt, priority);

    /// <summary>The reason of a detractor response, e.g. "NPS score 2 (detractor, ≤ 6) on survey 'Quarterly NPS' at 2026-03-02T10:00:00Z."</summary>
    public static string NpsDetractorReason(int score, int maxScore, string survey, string respondedAt) =>
        Render(NpsReason, score.ToString(System.Globalization.CultureInfo.InvariantCulture), maxScore.ToString(System.Globalization.CultureInfo.InvariantCulture), survey, respondedAt);

    /// <summary>Fills the <c>%s</c> of <paramref name="sentence"/> in order, as PostgreSQL's <c>format()</c> does: values left over are ignored, too few is an error.</summary>
    public static string Render(string sentence, params string[] values)
    {
        ArgumentNullException.ThrowIfNull(sentence);
        ArgumentNullException.ThrowIfNull(values);
        var parts = sentence.Split("%s");
        if (parts.Length - 1 > values.Length)
        {
            throw new ArgumentException($"'{sentence}' takes {parts.Length - 1} values, not {values.Length}.", nameof(values));
        }

        var text = new System.Text.StringBuilder(parts[0]);
        for (var i = 0; i < parts.Length - 1; i++)
        {
            text.Append(values[i]).Append(parts[i + 1]);
        }

        return text.ToString();
    }
}
