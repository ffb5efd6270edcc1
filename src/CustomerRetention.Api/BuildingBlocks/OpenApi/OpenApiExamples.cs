using System.Text.Json.Nodes;
using CustomerRetention.Application.Audit;
using CustomerRetention.Application.BuildingBlocks.Batches;
using CustomerRetention.Application.BuildingBlocks.Paging;
using CustomerRetention.Application.Customers;
using CustomerRetention.Application.Interactions.Contracts;
using CustomerRetention.Application.Lifecycle.Contracts;
using CustomerRetention.Application.Orders.Contracts;
using CustomerRetention.Domain.Segmentation;

namespace CustomerRetention.Api.BuildingBlocks.OpenApi;

/// <summary>
/// Realistic examples: a request body per body-taking operation (each passes validation; a test
/// sends every one to the live API) and the main responses. Swagger UI's "Try it out" starts from these.
/// </summary>
internal static class OpenApiExamples
{
    private const string CustomerId = "0193a6f1-7c2e-7b4d-9a31-5f0c2d8e4b17";

    /// <summary>The request bodies by operation id (a merge-patch and a plain JSON body share one example).</summary>
    public static readonly IReadOnlyDictionary<string, string> RequestBodies = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["CreateCustomer"] = """
            {"type":"individual","name":"Maria Schneider","externalId":"ERP-104233","email":"maria.schneider@example.com","phone":"+49 151 12345678",
             "address":{"line1":"Hauptstraße 12","city":"Berlin","postalCode":"10115","country":"DE"},"birthday":"1986-04-23",
             "tags":["newsletter","vip"],"attributes":{"preferredLanguage":"de","loyaltyPoints":1250},"consent":{"email":true,"sms":false,"phone":true}}
            """,
        ["UpdateCustomer"] = """{"phone":"+49 30 1234567","address":{"line2":"3. OG"},"tags":["newsletter","vip","b2b-lead"],"company":null}""",
        ["TransitionCustomer"] = """{"toStage":"interest","reason":"Requested a product demo"}""",
        ["CreateInteraction"] = """
            {"channel":"phone","direction":"outbound","type":"call","occurredAt":"2025-11-15T10:30:00Z","subject":"Onboarding follow-up",
             "notes":"Walked through the new dashboard; asked for a quote for 20 seats.","outcome":"Quote requested","sentiment":"positive","satisfaction":5,"npsScore":9}
            """,
        ["UpdateInteraction"] = """{"outcome":"Quote sent","notes":null}""",
        ["CreateOrder"] = """
            {"externalId":"SO-2026-000481","orderedAt":"2025-11-20T14:05:00Z","status":"completed","amount":119.70,"channel":"online",
             "items":[{"sku":"TSHIRT-BLK-M","name":"T-shirt black M","category":"apparel","quantity":3,"unitPrice":29.90},{"sku":"MUG-01","name":"Mug","category":"home","quantity":3,"unitPrice":10.00}],
             "notes":"Gift wrap"}
            """,
        ["UpdateOrder"] = """{"status":"refunded","statusReason":"Returned within 30 days"}""",
        ["StartRfmRun"] = """{"asOf":"2025-06-30T00:00:00Z","windowDays":365,"policy":"quantile"}""",
        ["StartClvModel"] = """{"calibrationEnd":"2025-06-30","horizonDays":365,"monthlyDiscountRate":0.01}""",
        ["ReplaceSegmentMap"] = SegmentMap(),
        ["UpsertCustomers"] = """
            {"items":[
              {"externalId":"ERP-104233","type":"individual","name":"Maria Schneider","email":"maria.schneider@example.com","tags":["newsletter"],"consent":{"email":true,"sms":false,"phone":false}},
              {"externalId":"ERP-104234","type":"business","name":"Nordlicht GmbH","company":"Nordlicht GmbH","phone":"+49 40 7654321","address":{"city":"Hamburg","country":"DE"},"lifecycleStage":"decision"}]}
            """,
        ["UpsertOrders"] = """
            {"items":[
              {"externalId":"SO-2026-000482","customerExternalId":"ERP-104233","orderedAt":"2025-11-21T09:15:00Z","amount":59.80,"channel":"online",
               "items":[{"sku":"TSHIRT-BLK-M","name":"T-shirt black M","category":"apparel","quantity":2,"unitPrice":29.90}]},
              {"externalId":"SO-2026-000483","customerExternalId":"ERP-104234","orderedAt":"2025-11-21T11:40:00Z","amount":1250.00,"channel":"partner"}]}
            """,
        ["CreateApiKey"] = """{"name":"ERP nightly sync","role":"integration","expiresAt":"2030-01-01T00:00:00Z"}""",
        ["CreateWebhook"] = """{"url":"https://hooks.example.com/crm-events","eventTypes":["customer.*","order.created"],"enabled":true,"description":"ERP customer sync"}""",
        ["UpdateWebhook"] = """{"eventTypes":["customer.*","order.*"],"description":null}""",
        ["CreateAlertRule"] = """
            {"key":"frequency-drop-vip","name":"VIP purchase frequency dropped","kind":"frequency-drop",
             "params":{"windowDays":60,"minPreviousOrders":3,"dropThreshold":0.4},"scope":{"stages":["retention","expansion"],"segments":["champions","loyal-customers"],"tags":["vip"]},
             "severity":{"base":"high","raised":"critical","raiseAt":0.7},"cooldownDays":14,"enabled":false,
             "actionsOnOpen":[{"type":"task","taskType":"call","dueInDays":1,"priority":"high"}]}
            """,
        ["UpdateAlertRule"] = """{"params":{"dropThreshold":0.35},"enabled":true}""",
        ["StartAlertEvaluation"] = """{"asOf":"2025-06-30T00:00:00Z"}""",
        ["DryRunAlertRule"] = """{"asOf":"2025-06-30T00:00:00Z","limit":20,"rule":{"params":{"dropThreshold":0.5}}}""",
        ["DryRunDraftAlertRule"] = """
            {"asOf":"2025-06-30T00:00:00Z","limit":20,
             "rule":{"name":"Overdue regulars","kind":"overdue","params":{"minOrders":5,"factor":2},"scope":{"stages":["retention","expansion","contraction"]}}}
            """,
        ["UpdateAlert"] = """{"assigneeId":"0193a6e0-41f2-7a10-b3c4-d5e6f7a8b9c0"}""",
        ["AcknowledgeAlert"] = """{"note":"Calling her this afternoon."}""",
        ["SnoozeAlert"] = """{"until":"2030-01-15T09:00:00Z","reason":"On holiday until mid-January"}""",
        ["ResolveAlert"] = """{"outcome":"retained","note":"Re-ordered after the call; 10 % voucher sent."}""",
        ["DismissAlert"] = """{"note":"Seasonal business: orders pick up in spring."}""",
        ["CreateTask"] = """{"type":"call","subject":"Renewal call before the contract ends","note":"Ask about the 20-seat quote.","priority":"high","dueDate":"2025-12-05"}""",
        ["CreateCase"] = """{"channel":"email","category":"delivery","subject":"Parcel arrived damaged","description":"The box was crushed and the mug inside is broken.","priority":"high"}""",
        ["UpdateCase"] = """{"status":"solved","resolution":{"summary":"Sent a replacement and refunded the shipping","compensation":"refund","amount":4.95}}""",
        ["AddCaseMessage"] = """{"direction":"outbound","body":"We are sorry! A replacement is on its way; could you send us a photo of the box?","status":"pending-customer"}""",
        ["UpdateTask"] = """{"priority":"normal","dueDate":null,"dueAt":"2025-12-05T09:30:00Z"}""",
        ["CompleteTask"] = """{"outcome":"reached","note":"Agreed to renew for two years; quote to follow."}""",
        ["CreateCadencePolicy"] = """
            {"name":"Key accounts","scope":{"stages":["retention","expansion"],"segments":[],"tags":["key-account"]},
             "tiers":[{"name":"top spenders","minClv":5000,"intervalDays":14},{"name":"champions","segments":["champions","loyal-customers"],"intervalDays":30},{"name":"the rest","intervalDays":90}],
             "taskType":"call","touchTypes":[{"channel":"phone","direction":"outbound"},{"channel":"meeting","direction":"outbound"}],"enabled":false}
            """,
        ["UpdateCadencePolicy"] = """{"enabled":true,"tiers":[{"name":"champions","segments":["champions"],"intervalDays":21},{"name":"the rest","intervalDays":60}]}""",
        ["ReplaceBirthdayPolicy"] = """{"leadDays":3,"taskType":"call","feb29":"feb28","enabled":true}""",
        ["ReplacePostPurchasePolicy"] = """{"delayDays":7,"action":"task","taskType":"email","skipIf":["order-cancelled","order-refunded","open-case"],"enabled":true}""",
        ["StartFollowUpRun"] = """{"asOf":"2025-12-01"}""",
        ["CreateBusinessCalendar"] = """
            {"name":"Berlin support desk","timeZone":"Europe/Berlin",
             "weekly":[{"day":"monday","start":"09:00","end":"12:30"},{"day":"monday","start":"13:30","end":"18:00"},{"day":"tuesday","start":"09:00","end":"18:00"},
                       {"day":"wednesday","start":"09:00","end":"18:00"},{"day":"thursday","start":"09:00","end":"18:00"},{"day":"friday","start":"09:00","end":"16:00"}],
             "holidays":[{"date":"2025-12-25","name":"Christmas Day"},{"date":"2025-12-26","name":"Boxing Day"}]}
            """,
        ["ReplaceBusinessCalendar"] = """
            {"name":"Berlin support desk","timeZone":"Europe/Berlin",
             "weekly":[{"day":"monday","start":"08:00","end":"18:00"},{"day":"tuesday","start":"08:00","end":"18:00"},{"day":"wednesday","start":"08:00","end":"18:00"},
                       {"day":"thursday","start":"08:00","end":"18:00"},{"day":"friday","start":"08:00","end":"16:00"},{"day":"saturday","start":"10:00","end":"14:00"}],
             "holidays":[{"date":"2025-12-24","name":"Christmas Eve"},{"date":"2025-12-25","name":"Christmas Day"},{"date":"2025-12-26","name":"Boxing Day"}]}
            """,
        ["CreateSlaPolicy"] = """
            {"name":"VIP urgent","position":1,"isDefault":false,
             "conditions":{"priorities":["urgent"],"categories":[],"channels":[],"segments":["champions"],"tags":[]},
             "calendarId":null,"hoursMode":"calendar","warnAtPercent":75,
             "targets":[{"metric":"first-response","priority":"urgent","minutes":5},{"metric":"resolution","priority":"urgent","minutes":240}]}
            """,
        ["ReplaceSlaPolicy"] = """
            {"name":"Billing by e-mail","position":10,"isDefault":false,
             "conditions":{"priorities":[],"categories":["billing"],"channels":["email"],"segments":[],"tags":[]},
             "calendarId":"0193a700-0000-7000-8000-0000000051a1","hoursMode":"business","warnAtPercent":80,
             "targets":[{"metric":"first-response","priority":"normal","minutes":240},{"metric":"resolution","priority":"normal","minutes":1440}]}
            """,
        ["CreateSurvey"] = """
            {"type":"nps","name":"Relationship NPS","question":"How likely are you to recommend us to a friend or colleague?","status":"active","throttleDays":30,"expiresAfterDays":14}
            """,
        ["UpdateSurvey"] = """{"name":"Relationship NPS (second half)","expiresAfterDays":21}""",
        ["CreateSurveySend"] = $$$"""{"customerId":"{{{CustomerId}}}","channel":"email","context":{"type":"order","id":"0193a6f2-1d4e-7c3a-8b21-6e0d3f9a5c28"}}""",
        ["RecordSurveyResponse"] = """{"surveyId":"0193a700-5e1a-7f20-9c3d-2b4e6f8a0c11","score":9,"comment":"Quick delivery and friendly support.","channel":"phone","respondedAt":"2025-06-30T10:15:00Z"}""",
        ["SubmitSurveyResponse"] = """{"score":10,"comment":"Great service, thank you!"}""",
    };

    /// <summary>Examples of request bodies that are files, not JSON (an import), by operation id and media type.</summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> FileBodies = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal)
    {
        ["StartImport"] = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["text/csv"] = "externalId,type,name,email,phone,tags,lifecycleStage\r\nERP-104233,individual,Maria Schneider,maria.schneider@example.com,+49 151 12345678,newsletter;vip,interest\r\nERP-104234,business,Schneider GmbH,info@schneider.example,,,\r\n",
            ["application/x-ndjson"] = "{\"externalId\":\"ERP-104233\",\"type\":\"individual\",\"name\":\"Maria Schneider\",\"email\":\"maria.schneider@example.com\",\"address\":{\"city\":\"Berlin\",\"country\":\"DE\"}}\n{\"externalId\":\"ERP-104234\",\"type\":\"business\",\"name\":\"Schneider GmbH\"}\n",
        },
    };

    /// <summary>The example body of an operation, or null.</summary>
    public static JsonNode? RequestBody(string operationId) =>
        RequestBodies.TryGetValue(operationId, out var json) ? JsonNode.Parse(json) : null;

    /// <summary>Examples of the main response schemas, by type.</summary>
    private static readonly Dictionary<Type, string> Responses = new()
    {
        [typeof(CustomerDto)] = $$"""
            {"id":"{{CustomerId}}","externalId":"ERP-104233","type":"individual","name":"Maria Schneider","company":null,"email":"maria.schneider@example.com",
             "phone":"+4915112345678","address":{"line1":"Hauptstraße 12","line2":null,"city":"Berlin","region":null,"postalCode":"10115","country":"DE"},
             "birthday":"1986-04-23","tags":["newsletter","vip"],"attributes":{"preferredLanguage":"de","loyaltyPoints":1250},"ownerId":null,
             "consent":{"email":true,"sms":false,"phone":true},"lifecycleStage":"retention","stageEnteredAt":"2025-11-20T14:05:00Z","rfm":{"runId":"0193a6f3-5b10-7c42-a1d8-6e2f9c0b3a55","asOf":"2025-11-30T00:00:00Z","recencyDays":10,"frequency":4,"monetary":412.50,"r":5,"f":4,"m":4,"segment":"loyal-customers"},
             "createdAt":"2025-11-10T08:00:00Z","updatedAt":"2025-11-20T14:05:00Z","etag":"\"48213-0193a6f35b107c42a1d86e2f9c0b3a55\""}
            """,
        [typeof(OrderDto)] = $$"""
            {"id":"0193a6f2-1d40-7e21-8c55-3b9e0a7f6c21","customerId":"{{CustomerId}}","externalId":"SO-2026-000481","orderedAt":"2025-11-20T14:05:00Z",
             "status":"completed","amount":119.70,"currency":"USD",
             "items":[{"sku":"TSHIRT-BLK-M","name":"T-shirt black M","category":"apparel","quantity":3,"unitPrice":29.90},{"sku":"MUG-01","name":"Mug","category":"home","quantity":3,"unitPrice":10.00}],
             "channel":"online","notes":"Gift wrap","statusChangedAt":null,"statusReason":null,"createdAt":"2025-11-20T14:05:01Z","updatedAt":"2025-11-20T14:05:01Z","etag":"\"48215\""}
            """,
        [typeof(InteractionDto)] = $$"""
            {"id":"0193a6f2-5e11-7a02-b7c4-9d2e6f1a0b33","customerId":"{{CustomerId}}","channel":"phone","direction":"outbound","type":"call",
             "occurredAt":"2025-11-15T10:30:00Z","subject":"Onboarding follow-up","notes":"Walked through the new dashboard; asked for a quote for 20 seats.",
             "outcome":"Quote requested","sentiment":"positive","satisfaction":5,"npsScore":9,"ownerId":null,"createdAt":"2025-11-15T10:41:12Z","updatedAt":"2025-11-15T10:41:12Z","etag":"\"48190\""}
            """,
        [typeof(StageTransitionDto)] = """
            {"id":"0193a6f2-8a77-7c90-a1d3-4e5f60718293","fromStage":"awareness","toStage":"interest","occurredAt":"2025-11-12T09:00:00Z",
             "reason":"Requested a product demo","source":"manual","actor":"j.meyer","recordedAt":"2025-11-12T09:00:02Z"}
            """,
        [typeof(Application.Alerts.Contracts.AlertDto)] = $$"""
            {"id":"0193a6f6-3b20-7d41-9e52-6a7b8c9d0e1f","ruleId":"0193a000-0000-7000-8000-000000000001","ruleVersion":2,"kind":"frequency-drop","customerId":"{{CustomerId}}",
             "dedupeKey":"0193a000-0000-7000-8000-000000000001:{{CustomerId}}","severity":"medium","status":"resolved","title":"Orders fell 30 %",
             "reason":"Orders fell from 10 to 7 (−30 %) between the 90-day windows ending 2025-04-01 and 2025-06-30; threshold 30 %.",
             "evidence":{"asOf":"2025-06-30T00:00:00Z","params":{"windowDays":90,"minPreviousOrders":2,"dropThreshold":0.30},"rfmRunId":null,
                         "previousWindow":{"from":"2025-01-01T00:00:00Z","to":"2025-04-01T00:00:00Z","orders":10},
                         "currentWindow":{"from":"2025-04-01T00:00:00Z","to":"2025-06-30T00:00:00Z","orders":7},"drop":0.3,"threshold":0.30},
             "score":0.3,"firstDetectedAt":"2025-06-30T00:00:00Z","lastDetectedAt":"2025-06-30T00:00:00Z","occurrences":1,"assigneeId":"0193a6e0-41f2-7a10-b3c4-d5e6f7a8b9c0",
             "acknowledgedAt":"2025-06-30T08:12:00Z","acknowledgedBy":"user:0193a6e0-41f2-7a10-b3c4-d5e6f7a8b9c0","snoozedUntil":null,"snoozeReason":null,
             "closedAt":"2025-07-02T15:40:00Z","closedBy":"user:0193a6e0-41f2-7a10-b3c4-d5e6f7a8b9c0","outcome":"retained","note":"Re-ordered after the call; 10 % voucher sent.",
             "evaluationId":"0193a6f6-3a00-7c10-8d21-4e5f6a7b8c9d","createdAt":"2025-06-30T02:00:05Z","updatedAt":"2025-07-02T15:40:00Z",
             "history":null,
             "etag":"\"51234\""}
            """,
        [typeof(BatchResult)] = """
            {"results":[
              {"index":0,"id":"0193a6f1-7c2e-7b4d-9a31-5f0c2d8e4b17","status":"unchanged","code":null,"errors":null},
              {"index":1,"id":"0193a6f5-2a10-7b3c-8d4e-5f6a7b8c9d0e","status":"created","code":null,"errors":null},
              {"index":2,"id":null,"status":"error","code":"validation-failed","errors":{"items[2].email":["'email' is not a valid e-mail address."]}}]}
            """,
        [typeof(Page<AuditEntryDto>)] = $$$"""
            {"items":[
              {"id":"0193a6f4-0c21-7d3e-9f10-2a4b6c8d0e12","occurredAt":"2025-11-21T09:12:44Z","actor":"user:0193a6e0-41f2-7a10-b3c4-d5e6f7a8b9c0","action":"customer.updated",
               "resource":{"type":"customer","id":"{{{CustomerId}}}"},"customerId":"{{{CustomerId}}}",
               "changes":[{"field":"phone","old":"+4915112345678","new":"+49301234567"},{"field":"company","old":"Schneider GmbH","new":null},
                          {"field":"address","old":{"line1":"Hauptstraße 12","line2":null,"city":"Berlin","region":null,"postalCode":"10115","country":"DE"},
                           "new":{"line1":"Hauptstraße 12","line2":"3. OG","city":"Berlin","region":null,"postalCode":"10115","country":"DE"}}]},
              {"id":"0193a6f2-1d40-7e22-8c55-3b9e0a7f6c22","occurredAt":"2025-11-20T14:05:00Z","actor":"api-key:shop-sync","action":"order.created",
               "resource":{"type":"order","id":"0193a6f2-1d40-7e21-8c55-3b9e0a7f6c21"},"customerId":"{{{CustomerId}}}","changes":[]}],
             "nextCursor":"eyJzY29wZSI6ImF1ZGl0In0.c2lnbmF0dXJl"}
            """,
    };

    /// <summary>The example of a response schema, or null.</summary>
    public static JsonNode? For(Type type) => Responses.TryGetValue(type, out var json) ? JsonNode.Parse(json) : null;

    /// <summary>The types with a response example (for the tests).</summary>
    public static IEnumerable<Type> ResponseTypes => Responses.Keys;

    private static string SegmentMap() =>
        new JsonObject
        {
            ["cells"] = new JsonArray([.. RfmScoring.DefaultSegmentMap.Select(c => (JsonNode)new JsonObject { ["r"] = c.R, ["f"] = c.F, ["segment"] = c.Segment })]),
        }.ToJsonString();
}
