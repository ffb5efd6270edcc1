using CustomerRetention.Application.Alerts;
using CustomerRetention.Domain.Alerts;
using Npgsql;

namespace CustomerRetention.Infrastructure.Alerts;

/// <summary>
/// A rule read straight from <c>alert_rules</c> by the code that detects outside a request (an
/// evaluation job, the event kinds' reaction): select <see cref="Columns"/> and turn a row into the
/// settings the detection reads and the rule's actionsOnOpen as stored JSON.
/// </summary>
internal static class AlertRuleRows
{
    /// <summary>The columns <see cref="Read"/> expects, in order, of <c>alert_rules</c> aliased <c>r</c>.</summary>
    public const string Columns =
        "r.id, r.version, r.deleted_at IS NOT NULL, r.key, r.name, r.kind, r.params, r.scope, r.severity, r.cooldown_days, r.auto_resolve, r.enabled, r.actions_on_open, r.description";

    public static Guid Id(NpgsqlDataReader reader) => reader.GetGuid(0);

    public static int Version(NpgsqlDataReader reader) => reader.GetInt32(1);

    public static bool Deleted(NpgsqlDataReader reader) => reader.GetBoolean(2);

    /// <summary>The rule on the reader's current row, at its version.</summary>
    public static (AlertRuleSettings Rule, string Actions) Read(NpgsqlDataReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var kind = Enum.Parse<AlertKind>(reader.GetString(5).Replace("-", string.Empty, StringComparison.Ordinal), ignoreCase: true);
        var details = new AlertRuleDetails(
            reader.GetString(3), reader.GetString(4), kind, reader.GetString(6), reader.GetString(7), reader.GetString(8),
            reader.GetInt32(9), reader.GetBoolean(10), reader.GetBoolean(11), reader.GetString(12), reader.IsDBNull(13) ? null : reader.GetString(13));
        return (AlertRuleSettings.From(details, Id(reader), Version(reader)), details.ActionsOnOpen);
    }
}
