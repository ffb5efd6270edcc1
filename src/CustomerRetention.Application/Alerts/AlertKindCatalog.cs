using System.Globalization;
using System.Text.Json.Nodes;
using CustomerRetention.Domain.Alerts;

namespace CustomerRetention.Application.Alerts;

/// <summary>The type of one rule parameter and its bounds.</summary>
public enum ParamType
{
    /// <summary>A whole number within [Min, Max].</summary>
    WholeNumber = 1,

    /// <summary>A decimal number within [Min, Max] (exclusive of Min when <see cref="ParamSpec.MinExclusive"/>).</summary>
    Fraction = 2,

    /// <summary>One of <see cref="ParamSpec.Values"/>.</summary>
    Choice = 3,

    /// <summary>A non-empty list of RFM segment keys.</summary>
    Segments = 4,
}

/// <summary>One parameter of a kind: its name, type, bounds and default (SPEC §9.1).</summary>
public sealed record ParamSpec(string Name, ParamType Type, JsonNode Default, decimal Min = 0, decimal Max = 0, bool MinExclusive = false, IReadOnlyList<string>? Values = null, string? Meaning = null);

/// <summary>
/// How a kind grades its alerts (SPEC §9.1): <c>base</c> severity, raised to <c>raised</c> when the
/// score reaches <c>raiseAt</c> (numeric kinds; for <c>nps-detractor</c> a score at or below it) or
/// when the customer is in one of <c>raiseForSegments</c>. <c>sla-breach</c> takes it from the case priority.
/// </summary>
public sealed record SeverityRule(AlertSeverity Base, AlertSeverity Raised, decimal? RaiseAt, IReadOnlyList<string>? RaiseForSegments, string Meaning);

/// <summary>Everything the API knows about one kind: parameters, severity rule, whether it auto-resolves by default, and the seeded rule.</summary>
public sealed record KindSpec(AlertKind Kind, string Key, IReadOnlyList<ParamSpec> Params, SeverityRule? Severity, bool AutoResolveByDefault, string SeedName, string Summary);

/// <summary>The table of kinds of SPEC §9.1, in one place: validation, defaults, the OpenAPI description and the seeded rules read it.</summary>
public static class AlertKindCatalog
{
    public static readonly IReadOnlyList<string> DefaultSegmentsEntered = ["at-risk", "cant-lose-them", "hibernating"];

    public static readonly IReadOnlyList<KindSpec> Kinds =
    [
        new(AlertKind.FrequencyDrop, "frequency-drop",
            [
                new("windowDays", ParamType.WholeNumber, 90, 1, 3650, Meaning: "w: the current window is (asOf − w, asOf], the previous one (asOf − 2w, asOf − w]"),
                new("minPreviousOrders", ParamType.WholeNumber, 2, 1, 100000, Meaning: "not evaluable with fewer completed orders in the previous window"),
                new("dropThreshold", ParamType.Fraction, 0.30m, 0, 1, MinExclusive: true, Meaning: "fires when (prev − curr) / prev ≥ this"),
            ],
            new(AlertSeverity.Medium, AlertSeverity.High, 0.60m, null, "raised when the drop ≥ raiseAt"),
            true, "Purchase frequency dropped", "Completed orders in the last window fell against the window before."),
        new(AlertKind.SpendDrift, "spend-drift",
            [
                new("periodDays", ParamType.WholeNumber, 30, 1, 3650, Meaning: "the length of a period; periods end at asOf"),
                new("baselinePeriods", ParamType.WholeNumber, 6, 1, 120, Meaning: "the complete periods before the last one whose mean spend is the baseline"),
                new("minPeriods", ParamType.WholeNumber, 3, 2, 121, Meaning: "not evaluable with fewer periods since the first order (counting the one holding it)"),
                new("threshold", ParamType.Fraction, 0.15m, 0, 100, MinExclusive: true, Meaning: "fires when the drift reaches this in the direction"),
                new("direction", ParamType.Choice, "down", Values: ["down", "up", "both"], Meaning: "down: drift ≤ −threshold; up: drift ≥ threshold; both: |drift| ≥ threshold"),
            ],
            new(AlertSeverity.Medium, AlertSeverity.High, 0.5m, null, "raised when |drift| ≥ raiseAt"),
            true, "Spend drifted", "The last complete period's completed spend drifted from the mean of the periods before."),
        new(AlertKind.PAliveLow, "p-alive-low",
            [
                new("threshold", ParamType.Fraction, 0.30m, 0, 1, MinExclusive: true, Meaning: "fires when P(alive) < this (strict)"),
                new("maxModelAgeDays", ParamType.WholeNumber, 7, 0, 3650, Meaning: "not evaluable when the model's calibrationEnd is more than this many days before asOf"),
            ],
            new(AlertSeverity.Medium, AlertSeverity.High, null, ["champions", "loyal-customers", "cant-lose-them"], "raised for customers in raiseForSegments"),
            true, "Low chance of being alive", "P(alive) of the latest succeeded CLV model is below a threshold."),
        new(AlertKind.Overdue, "overdue",
            [
                new("minOrders", ParamType.WholeNumber, 3, 2, 100000, Meaning: "not evaluable with fewer purchase days"),
                new("factor", ParamType.Fraction, 1.5m, 0, 1000, MinExclusive: true, Meaning: "fires when days since the last purchase day / the usual interval ≥ this"),
            ],
            new(AlertSeverity.Medium, AlertSeverity.High, 3m, null, "raised when the ratio ≥ raiseAt"),
            true, "Purchase overdue", "The days since the last purchase day exceed the customer's usual interval by a factor."),
        new(AlertKind.SegmentEntered, "segment-entered",
            [
                new("segments", ParamType.Segments, new JsonArray([.. DefaultSegmentsEntered.Select(s => (JsonNode)s)]), Meaning: "fires when an RFM run puts the customer in one of these and the previous run did not"),
            ],
            new(AlertSeverity.Medium, AlertSeverity.High, null, ["cant-lose-them"], "raised for customers entering one of raiseForSegments"),
            false, "Entered an at-risk segment", "On an RFM run's success: the customer's segment is in the set now and was not at the previous succeeded run."),
        new(AlertKind.NpsDetractor, "nps-detractor",
            [
                new("maxScore", ParamType.WholeNumber, 6, 0, 10, Meaning: "fires on a survey response with an NPS score ≤ this"),
            ],
            new(AlertSeverity.Medium, AlertSeverity.High, 3m, null, "raised when the score ≤ raiseAt"),
            false, "NPS detractor", "A survey response with an NPS score at or below a maximum (on survey.response-received)."),
        new(AlertKind.SlaBreach, "sla-breach", [], null, false, "SLA breached",
            "A case's SLA target was breached (on sla.breached); severity from the case priority: urgent → critical, high → high, normal → medium, low → low."),
    ];

    public static KindSpec Of(AlertKind kind) => Kinds.First(k => k.Kind == kind);

    /// <summary>The parameters of <paramref name="kind"/> with the given values over the defaults, in the catalog's order.</summary>
    public static JsonObject CompleteParams(AlertKind kind, JsonObject? given)
    {
        var result = new JsonObject();
        foreach (var spec in Of(kind).Params)
        {
            var value = given?[spec.Name] ?? spec.Default;
            result[spec.Name] = value.DeepClone();
        }

        return result;
    }

    /// <summary>What is wrong with <paramref name="value"/> as parameter <paramref name="spec"/>, or null.</summary>
    public static string? Problem(ParamSpec spec, JsonNode? value)
    {
        ArgumentNullException.ThrowIfNull(spec);
        switch (spec.Type)
        {
            case ParamType.WholeNumber:
                if (value is not JsonValue v || !v.TryGetValue<decimal>(out var i) || i != decimal.Truncate(i))
                {
                    return $"'{spec.Name}' must be a whole number.";
                }

                return i < spec.Min || i > spec.Max ? $"'{spec.Name}' must be between {spec.Min} and {spec.Max}." : null;
            case ParamType.Fraction:
                if (value is not JsonValue d || !d.TryGetValue<decimal>(out var x))
                {
                    return $"'{spec.Name}' must be a number.";
                }

                var low = spec.MinExclusive ? x <= spec.Min : x < spec.Min;
                return low || x > spec.Max
                    ? $"'{spec.Name}' must be {(spec.MinExclusive ? "greater than" : "at least")} {Text(spec.Min)} and at most {Text(spec.Max)}."
                    : null;
            case ParamType.Choice:
                return value is JsonValue c && c.TryGetValue<string>(out var s) && spec.Values!.Contains(s)
                    ? null
                    : $"'{spec.Name}' must be one of: {string.Join(", ", spec.Values!)}.";
            default:
                return value is JsonArray list && list.Count > 0 && list.Count <= 25
                       && list.All(e => e is JsonValue ev && ev.TryGetValue<string>(out var key) && AlertRuleFieldsValidator.IsSlug(key))
                    ? null
                    : $"'{spec.Name}' must be a list of 1–25 segment keys (lower-case words joined by dashes, e.g. at-risk).";
        }
    }

    private static string Text(decimal value) => value.ToString(CultureInfo.InvariantCulture);
}
