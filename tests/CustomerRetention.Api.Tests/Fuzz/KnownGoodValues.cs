using System.Globalization;
using System.Text.Json.Nodes;
using CustomerRetention.Application.Lifecycle.TransitionCustomer;
using CustomerRetention.Application.Segmentation.StartRfmRun;

namespace CustomerRetention.Api.Tests.Fuzz;

/// <summary>
/// Builds a valid value for a schema, so that a request passes validation except for the one member
/// a mutation changes. The schema says the shape; a small table of known-good values by member name
/// (<c>Schema.member</c> first, then <c>member</c>) covers the rules a schema cannot express (an
/// e-mail address, an E.164 phone number, the configured currency, an amount that equals its lines).
/// Values that must be unique (e-mail, externalId) carry a counter: deterministic, never repeated.
/// </summary>
public sealed class KnownGoodValues
{
    /// <summary>An instant in the past that every "not in the future" and "from 1970" rule accepts.</summary>
    public const string Instant = "2024-06-01T12:00:00Z";

    public const string Date = "2024-06-01";

    public const string OwnerId = "01900000-0000-7000-8000-000000000001";

    private static readonly Dictionary<string, Func<int, JsonNode?>> Table = new(StringComparer.Ordinal)
    {
        ["email"] = n => $"fuzz{n.ToString(CultureInfo.InvariantCulture)}@example.com",
        ["externalId"] = n => $"fuzz-{n.ToString(CultureInfo.InvariantCulture)}",
        ["name"] = _ => "Fuzz Customer",
        ["company"] = _ => "Fuzz GmbH",
        ["phone"] = _ => "+4915112345678",
        ["line1"] = _ => "Hauptstrasse 1",
        ["line2"] = _ => "Hinterhaus",
        ["city"] = _ => "Berlin",
        ["region"] = _ => "Berlin",
        ["postalCode"] = _ => "10115",
        ["country"] = _ => "DE",
        ["currency"] = _ => "USD",
        ["birthday"] = _ => "1985-12-10",
        ["tags"] = _ => new JsonArray("vip", "newsletter"),
        ["attributes"] = _ => new JsonObject { ["industry"] = "retail", ["score"] = 42 },
        ["ownerId"] = _ => OwnerId,
        ["stageEnteredAt"] = _ => "2024-01-01T00:00:00Z",
        ["CreateCustomerRequest.lifecycleStage"] = _ => "awareness",
        ["TransitionRequest.toStage"] = _ => "interest",
        ["reason"] = _ => "Asked for a demo",
        ["subject"] = _ => "Follow-up call",
        ["notes"] = _ => "Fuzz notes",
        ["outcome"] = _ => "Call back next week",
        ["satisfaction"] = _ => 4,
        ["npsScore"] = _ => 9,
        ["sku"] = _ => "SKU-1",
        ["category"] = _ => "books",
        ["quantity"] = _ => 2,
        ["unitPrice"] = _ => 12.5,
        ["amount"] = _ => 25,
        ["CreateOrderRequest.status"] = _ => "completed",
        ["UpdateOrderRequest.status"] = _ => "cancelled",
        ["statusReason"] = _ => "Customer request",
        ["RfmRunRequest.asOf"] = _ => "1998-07-01T00:00:00Z",
        ["windowDays"] = _ => 730,
        ["RfmRunRequest.policy"] = _ => "fixed",
        ["recencyDays"] = _ => new JsonArray(30, 90, 180, 365),
        ["frequency"] = _ => new JsonArray(1, 2, 3, 5),
        ["monetary"] = _ => new JsonArray(25, 50, 100, 200),
        ["calibrationEnd"] = _ => "1997-09-30",
        ["horizonDays"] = _ => 365,
        ["monthlyDiscountRate"] = _ => 0.01,
        ["expiresAt"] = _ => "2100-01-01T00:00:00Z",
        ["WebhookFields.url"] = _ => "https://hooks.example.com/fuzz",
        ["WebhookFields.eventTypes"] = _ => new JsonArray("customer.*", "order.created"),
        ["WebhookFields.description"] = _ => "Fuzz subscription",
        ["CadenceScopeFields.stages"] = _ => new JsonArray("retention"),
        ["CadenceScopeFields.segments"] = _ => new JsonArray("champions"),
        ["CadenceScopeFields.tags"] = _ => new JsonArray("vip"),
        ["CadenceTierFields.name"] = _ => "high-value",
        ["CadenceTierFields.minClv"] = _ => 500,
        ["CadenceTierFields.intervalDays"] = _ => 30,
        ["TouchTypeFields.channel"] = _ => "phone",
        ["TouchTypeFields.direction"] = _ => "outbound",
        ["PostPurchasePolicyFields.action"] = _ => "task",
        ["TaskCompletionRequest.outcome"] = _ => "reached",
        ["FollowUpRunRequest.asOf"] = _ => "2024-06-01",
        ["AlertRuleFields.key"] = n => $"fuzz-rule-{n.ToString(CultureInfo.InvariantCulture)}",
        ["AlertScopeFields.stages"] = _ => new JsonArray("retention"),
        ["AlertScopeFields.segments"] = _ => new JsonArray("champions"),
        ["AlertScopeFields.tags"] = _ => new JsonArray("vip"),
        ["AlertSeverityFields.raiseAt"] = _ => 0.6,
        ["AlertDryRunRequest.rule"] = _ => new JsonObject { ["name"] = "Fuzz draft", ["kind"] = "frequency-drop" },
        ["AlertSnoozeRequest.until"] = _ => "2100-01-01T00:00:00Z",
        ["AlertResolutionRequest.outcome"] = _ => "retained",
        ["CaseFields.channel"] = _ => "email",
        ["CaseFields.category"] = _ => "complaint",
        ["CasePatch.category"] = _ => "delivery",
        ["CasePatch.status"] = _ => "open",
        ["CaseMessageRequest.direction"] = _ => "outbound",
        ["CaseMessageRequest.authorType"] = _ => "agent",
        ["CaseResolutionFields.compensation"] = _ => "none",
        ["BusinessCalendarFields.timeZone"] = _ => "Europe/Berlin",
        ["WeeklyIntervalFields.day"] = _ => "monday",
        ["WeeklyIntervalFields.start"] = _ => "09:00",
        ["WeeklyIntervalFields.end"] = _ => "17:00",
        ["HolidayFields.name"] = _ => "Fuzz holiday",
        ["SlaPolicyFields.isDefault"] = _ => false,
        ["SlaPolicyFields.calendarId"] = _ => "0193a700-0000-7000-8000-0000000051a1",
        ["SlaPolicyFields.hoursMode"] = _ => "business",
        ["SlaPolicyFields.warnAtPercent"] = _ => 75,
        ["SlaConditionsFields.priorities"] = _ => new JsonArray("urgent"),
        ["SlaConditionsFields.categories"] = _ => new JsonArray("complaint"),
        ["SlaConditionsFields.channels"] = _ => new JsonArray("email"),
        ["SlaConditionsFields.segments"] = _ => new JsonArray("champions"),
        ["SlaTargetFields.metric"] = _ => "first-response",
        ["SlaTargetFields.priority"] = _ => "urgent",
        ["SlaTargetFields.minutes"] = _ => 60,
        ["SurveyFields.status"] = _ => "active",
        ["SurveyFields.question"] = _ => "How likely are you to recommend us?",
    };

    /// <summary>
    /// Members sent as null in a valid request: one of a pair that excludes the other (a task's
    /// dueAt beside its dueDate, a tier's segments beside its minClv), references to other
    /// resources (a case's order), and a case's past instants and status changes (an instant before
    /// the case's last change is refused, a resolution only goes with solving).
    /// </summary>
    private static readonly HashSet<string> Nulls = new(StringComparer.Ordinal) { "TaskFields.dueAt", "CadenceTierFields.segments", "AlertSeverityFields.raiseForSegments",
        "CaseFields.orderId", "CaseFields.linkedCaseId", "CasePatch.resolution", "CasePatch.at", "CaseMessageRequest.sentAt", "CaseMessageRequest.status",
        "CaseMessageRequest.resolution", "CaseResolutionFields.amount", "SurveyResponseRequest.sendId" };

    private int _counter;

    /// <summary>Values of members that name a resource the fixture made (a send's customer, a response's survey), by <c>Schema.member</c>.</summary>
    public Dictionary<string, string> Seeded { get; } = new(StringComparer.Ordinal);

    /// <summary>True when the table has a value for this member (so a query parameter is sent in the base request).</summary>
    public static bool Knows(string? owner, string member) => Table.ContainsKey($"{owner}.{member}") || Table.ContainsKey(member);

    /// <summary>A table value is used only where its JSON kind fits the schema (consent.email is a boolean, not an address).</summary>
    private static bool Fits(JsonNode? value, ApiSchema schema) => schema.Kind switch
    {
        "string" => value is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.String,
        "integer" or "number" => value is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.Number,
        "boolean" => value is JsonValue v && v.GetValueKind() is System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False,
        "array" => value is JsonArray,
        "object" or "dictionary" => value is JsonObject,
        _ => true,
    };

    /// <summary>A valid value for <paramref name="schema"/>, the member <paramref name="member"/> of <paramref name="owner"/>.</summary>
    public JsonNode? Build(ApiSchema schema, string? owner = null, string? member = null)
    {
        ArgumentNullException.ThrowIfNull(schema);
        if (member is not null && Nulls.Contains($"{owner}.{member}"))
        {
            return null;
        }

        if (member is not null && Seeded.TryGetValue($"{owner}.{member}", out var seeded))
        {
            return seeded;
        }

        if (member is not null && (Table.GetValueOrDefault($"{owner}.{member}") ?? Table.GetValueOrDefault(member)) is { } known
            && known(Interlocked.Increment(ref _counter)) is var value && Fits(value, schema))
        {
            return value;
        }

        switch (schema.Kind)
        {
            case "object":
                var obj = new JsonObject();
                foreach (var (name, property) in schema.Properties)
                {
                    obj[name] = Build(property, schema.Name, name);
                }

                return obj;
            case "dictionary":
                return new JsonObject { ["fuzzKey"] = Build(schema.Element!) };
            case "array":
                return new JsonArray(Build(schema.Element!));
            case "integer":
                return 3;
            case "number":
                return 1.5;
            case "boolean":
                return true;
            case "string" when schema.Enum.Count > 0:
                return schema.Enum[0];
            case "string":
                return schema.Format switch
                {
                    "date-time" => Instant,
                    "date" => Date,
                    "uuid" => OwnerId,
                    _ => "fuzz value",
                };
            case "any":
                return "fuzz value";
            default:
                throw new NotSupportedException($"No valid value for a schema of kind '{schema.Kind}' ({owner}.{member}).");
        }
    }
}
