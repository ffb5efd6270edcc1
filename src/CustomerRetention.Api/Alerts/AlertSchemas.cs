using System.Globalization;
using System.Text.Json.Nodes;
using CustomerRetention.Application.Alerts;
using CustomerRetention.Domain.Alerts;
using Microsoft.OpenApi;

namespace CustomerRetention.Api.Alerts;

/// <summary>
/// The bounds of the alert bodies that their validators state as predicates (<c>Must</c>), for the
/// OpenAPI document, from the same constants (the schema filter calls it for every member).
/// </summary>
internal static class AlertSchemas
{
    public static void Apply(string type, string name, OpenApiSchema schema)
    {
        switch ((type, name))
        {
            case (nameof(AlertScopeFields), "stages"):
                schema.MaxItems = AlertRuleFieldsValidator.MaxScopeEntries;
                break;
            case (nameof(AlertScopeFields), "segments") or (nameof(AlertSeverityFields), "raiseForSegments"):
                schema.MaxItems = AlertRuleFieldsValidator.MaxScopeEntries;
                Items(schema, 1, AlertRule.KeyMaxLength);
                break;
            case (nameof(AlertScopeFields), "tags"):
                schema.MaxItems = AlertRuleFieldsValidator.MaxScopeEntries;
                Items(schema, 1, 50);
                break;
            case (nameof(AlertSeverityFields), "raiseAt"):
                schema.Minimum = "0";
                schema.Maximum = "1000";
                break;
            case (nameof(AlertRuleFields), "key"):
                schema.Pattern = "^[a-z0-9]+(-[a-z0-9]+)*$";
                break;
            case (nameof(AlertRuleFields), "actionsOnOpen"):
                schema.MaxItems = AlertRuleFieldsValidator.MaxActions;
                break;
            case (nameof(AlertActionFields), "type"):
                schema.Enum = [JsonValue.Create("task")];
                break;
            case (nameof(AlertActionFields), "taskType"):
                schema.Enum = [.. AlertRuleFieldsValidator.TaskTypes.Select(t => (JsonNode)JsonValue.Create(t))];
                break;
            case (nameof(AlertActionFields), "priority"):
                schema.Enum = [.. AlertRuleFieldsValidator.TaskPriorities.Select(t => (JsonNode)JsonValue.Create(t))];
                break;
            case (nameof(Application.Alerts.DryRunAlertRule.AlertDryRunRequest), "limit"):
                schema.Minimum = "1";
                schema.Maximum = Application.Alerts.DryRunAlertRule.DryRunAlertRuleHandler.MaxLimit.ToString(CultureInfo.InvariantCulture);
                break;
        }
    }

    private static void Items(OpenApiSchema schema, int minLength, int maxLength)
    {
        if (schema.Items is OpenApiSchema items)
        {
            items.MinLength = minLength;
            items.MaxLength = maxLength;
        }
    }
}
