using System.Text.Json;
using System.Text.Json.Nodes;
using CustomerRetention.Application.BuildingBlocks.Json;
using CustomerRetention.Domain.Alerts;

namespace CustomerRetention.Application.Alerts;

/// <summary>
/// A rule as an evaluation reads it: the stored JSON documents parsed back into their typed
/// form. <see cref="RuleId"/> is null for a draft (a dry-run of a body not saved).
/// </summary>
public sealed record AlertRuleSettings(
    Guid? RuleId,
    int? Version,
    string Name,
    AlertKind Kind,
    JsonObject Params,
    AlertScopeFields Scope,
    AlertSeverityFields Severity,
    int CooldownDays,
    bool AutoResolve)
{
    public static AlertRuleSettings From(AlertRuleDetails details, Guid? ruleId = null, int? version = null)
    {
        ArgumentNullException.ThrowIfNull(details);
        return new AlertRuleSettings(
            ruleId,
            version,
            details.Name,
            details.Kind,
            JsonNode.Parse(details.Params)!.AsObject(),
            JsonSerializer.Deserialize<AlertScopeFields>(details.Scope, ApiJson.Options)!,
            JsonSerializer.Deserialize<AlertSeverityFields>(details.Severity, ApiJson.Options)!,
            details.CooldownDays,
            details.AutoResolve);
    }

    public static AlertRuleSettings From(AlertRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return From(rule.ToDetails(), rule.Id, rule.Version);
    }

    public int WholeNumber(string name) => Params[name]!.GetValue<int>();

    public decimal Fraction(string name) => Params[name]!.GetValue<decimal>();

    public string Text(string name) => Params[name]!.GetValue<string>();

    public IReadOnlyList<string> Segments(string name) => Params[name]!.AsArray().Select(n => n!.GetValue<string>()).ToArray();

    /// <summary>Every segment the rule names, with where: scope, severity and the segment-entered set.</summary>
    public IReadOnlyList<(string Path, string Segment)> NamedSegments()
    {
        var named = new List<(string, string)>();
        named.AddRange((Scope.Segments ?? []).Select((s, i) => ($"scope.segments[{i}]", s)));
        named.AddRange((Severity.RaiseForSegments ?? []).Select((s, i) => ($"severity.raiseForSegments[{i}]", s)));
        if (Kind == AlertKind.SegmentEntered)
        {
            named.AddRange(Segments("segments").Select((s, i) => ($"params.segments[{i}]", s)));
        }

        return named;
    }
}
