using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CustomerRetention.Api.Tests.Segmentation;
using CustomerRetention.Api.Tests.Support;

namespace CustomerRetention.Api.Tests.Alerts;

/// <summary>
/// An alert over a sequence of evaluations (SPEC §9.1): re-detection, escalation, cool-down
/// suppression, auto-resolve, snooze and re-open, the manual actions and their history and events.
/// The frequency-drop rule serves as the condition: a customer with 10 orders in the previous
/// window and 7 (drop 0.3, medium), 3 (0.7, high) or 10 (no drop) in the current one.
/// </summary>
public sealed class AlertLifecycleTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private static readonly DateTimeOffset AsOf = AlertApi.At("2025-06-30T00:00:00Z");

    /// <summary>A customer whose drop at <see cref="AsOf"/> is 0.3 (medium) and which, a day later (one more previous-window order slides out), is still 0.3.</summary>
    private static async Task<Guid> DroppingCustomerAsync(HttpClient client, string tag, int current = 7)
    {
        var customer = await client.NewTaggedCustomerAsync(tag);
        await client.OrdersAsync(customer, AlertApi.Daily(AsOf.AddDays(-150), 10));
        await client.OrdersAsync(customer, AlertApi.Daily(AsOf.AddDays(-60), current));
        return customer;
    }

    [Fact]
    public async Task Detecting_again_updates_the_active_alert_and_a_higher_severity_raises_it_in_the_history()
    {
        var client = api.CreateClient();
        var tag = AlertApi.NewTag();
        var customer = await DroppingCustomerAsync(client, tag);
        var rule = await client.NewRuleAsync("frequency-drop", tag);
        await client.EvaluateAsync(rule, AsOf);
        var first = await client.OnlyAlertAsync(customer);

        // Four of the current window's orders are cancelled: 10 → 3 the next day, a drop of 0.7 (high).
        await CancelCurrentOrdersAsync(client, customer, 4);

        var second = await client.EvaluateAsync(rule, AsOf.AddDays(1));

        Assert.Equal(1, second.Figure("updated"));
        Assert.Equal(0, second.Figure("fired"));
        var alert = await client.GetFromJsonAsync<JsonObject>($"/api/v1/alerts/{first["id"]}");
        Assert.Equal(2, alert!["occurrences"]!.GetValue<int>());
        Assert.Equal("high", alert["severity"]!.GetValue<string>());
        Assert.Equal(AsOf, alert["firstDetectedAt"]!.GetValue<DateTimeOffset>());
        Assert.Equal(AsOf.AddDays(1), alert["lastDetectedAt"]!.GetValue<DateTimeOffset>());
        Assert.Equal(0.7m, alert["score"]!.GetValue<decimal>());
        var history = alert["history"]!.AsArray();
        Assert.Equal(2, history.Count);
        Assert.Equal("open", history[0]!["toStatus"]!.GetValue<string>());
        Assert.Equal("medium", history[1]!["fromSeverity"]!.GetValue<string>());
        Assert.Equal("high", history[1]!["toSeverity"]!.GetValue<string>());
        Assert.Equal("system", history[1]!["actor"]!.GetValue<string>());

        var updated = await EventsAsync(client, "alert.updated", first["id"]!.GetValue<Guid>());
        var data = Assert.Single(updated)["data"]!;
        var changed = data["changedFields"]!.AsArray().Select(f => f!.GetValue<string>()).ToList();
        Assert.Contains("severity", changed);
        Assert.Contains("occurrences", changed);
        Assert.Equal("medium", data["previous"]!["severity"]!.GetValue<string>());
        Assert.Equal(1, data["previous"]!["occurrences"]!.GetValue<int>());
        Assert.Equal("high", data["state"]!["severity"]!.GetValue<string>());
        Assert.Equal(changed.Order(StringComparer.Ordinal), data["previous"]!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_severity_is_never_lowered_by_a_later_milder_detection()
    {
        var client = api.CreateClient();
        var tag = AlertApi.NewTag();
        var customer = await DroppingCustomerAsync(client, tag, current: 3);
        var rule = await client.NewRuleAsync("frequency-drop", tag);
        await client.EvaluateAsync(rule, AsOf);

        // Four more orders in the current window: 10 → 7, medium; the alert stays high.
        await client.OrdersAsync(customer, AlertApi.Daily(AsOf.AddDays(-20), 4));
        await client.EvaluateAsync(rule, AsOf.AddDays(1));

        var alert = await client.OnlyAlertAsync(customer);
        Assert.Equal("high", alert["severity"]!.GetValue<string>());
        Assert.Equal(0.3m, alert["score"]!.GetValue<decimal>());
        Assert.Equal(2, alert["occurrences"]!.GetValue<int>());
    }

    [Fact]
    public async Task After_a_resolution_detections_are_suppressed_for_the_cooldown_unless_more_severe_then_a_new_alert_opens()
    {
        var client = api.CreateClient();
        var tag = AlertApi.NewTag();
        var customer = await DroppingCustomerAsync(client, tag);
        var rule = await client.NewRuleAsync("frequency-drop", tag, cooldownDays: 30);

        // The drop at asOf: an alert, resolved now (at the real clock, after every asOf used here).
        await client.EvaluateAsync(rule, AsOf);
        var alert = await client.OnlyAlertAsync(customer);
        var resolved = await client.PostAlertActionAsync(alert, "resolution", new { outcome = "retained", note = "Called, ordered again." });
        Assert.Equal("resolved", resolved["status"]!.GetValue<string>());
        Assert.Equal("retained", resolved["outcome"]!.GetValue<string>());

        // Detected again at a later asOf, less than 30 days after the resolution (it is even before it): suppressed.
        var suppressed = await client.EvaluateAsync(rule, AsOf.AddDays(1));
        Assert.Equal(1, suppressed.Figure("suppressed"));
        Assert.Equal(0, suppressed.Figure("fired"));
        Assert.Single(await client.AlertsOfAsync(customer));

        // Strictly more severe (10 → 3): opens a new alert despite the cool-down.
        await CancelCurrentOrdersAsync(client, customer, 4);

        var escalated = await client.EvaluateAsync(rule, AsOf.AddDays(2));
        Assert.Equal(1, escalated.Figure("fired"));
        var alerts = await client.AlertsOfAsync(customer);
        Assert.Equal(2, alerts.Count);
        Assert.Equal("high", alerts[0]["severity"]!.GetValue<string>());
        Assert.Equal("open", alerts[0]["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task With_no_cooldown_a_dismissed_alert_reopens_as_a_new_alert_at_the_next_detection()
    {
        var client = api.CreateClient();
        var tag = AlertApi.NewTag();
        var customer = await DroppingCustomerAsync(client, tag);
        var rule = await client.NewRuleAsync("frequency-drop", tag, cooldownDays: 0);
        await client.EvaluateAsync(rule, AsOf);
        await client.PostAlertActionAsync(await client.OnlyAlertAsync(customer), "dismissal", new { note = "seasonal" });

        var again = await client.EvaluateAsync(rule, AsOf.AddDays(1));

        Assert.Equal(1, again.Figure("fired"));
        var alerts = await client.AlertsOfAsync(customer);
        Assert.Equal(["open", "dismissed"], alerts.Select(a => a["status"]!.GetValue<string>()));
    }

    [Fact]
    public async Task An_evaluation_that_finds_the_condition_false_auto_resolves_the_active_alert_and_says_so()
    {
        var client = api.CreateClient();
        var tag = AlertApi.NewTag();
        var customer = await DroppingCustomerAsync(client, tag);
        var rule = await client.NewRuleAsync("frequency-drop", tag);
        await client.EvaluateAsync(rule, AsOf);
        var alert = await client.OnlyAlertAsync(customer);
        await client.PostAlertActionAsync(alert, "acknowledgement", new { note = "on it" });

        // Three more orders: 10 → 10 at the next day, no drop.
        await client.OrdersAsync(customer, AlertApi.Daily(AsOf.AddDays(-10), 3));
        var evaluation = await client.EvaluateAsync(rule, AsOf.AddDays(1));

        Assert.Equal(1, evaluation.Figure("autoResolved"));
        var closed = await client.GetFromJsonAsync<JsonObject>($"/api/v1/alerts/{alert["id"]}");
        Assert.Equal("auto-resolved", closed!["status"]!.GetValue<string>());
        Assert.Equal("system", closed["closedBy"]!.GetValue<string>());
        Assert.NotNull(closed["closedAt"]);
        var last = closed["history"]!.AsArray()[^1]!;
        Assert.Equal("acknowledged", last["fromStatus"]!.GetValue<string>());
        Assert.Equal("auto-resolved", last["toStatus"]!.GetValue<string>());
        var changes = await EventsAsync(client, "alert.status-changed", alert["id"]!.GetValue<Guid>());
        Assert.Equal(["acknowledged", "auto-resolved"], changes.Select(e => e["data"]!["to"]!.GetValue<string>()));
        Assert.Equal("system", changes[^1]["data"]!["actor"]!.GetValue<string>());

        // Auto-resolved is closed without a cool-down: a new drop the next day (four of the current
        // window's ten orders cancelled: 10 → 6, 0.4) opens a new alert at once instead of being suppressed.
        await CancelCurrentOrdersAsync(client, customer, 4);
        var again = await client.EvaluateAsync(rule, AsOf.AddDays(2));
        Assert.Equal(1, again.Figure("fired"));
        Assert.Equal(0, again.Figure("suppressed"));
        var alerts = await client.AlertsOfAsync(customer);
        Assert.Equal(2, alerts.Count);
        var reopened = Assert.Single(alerts, a => a["id"]!.GetValue<Guid>() != alert["id"]!.GetValue<Guid>());
        Assert.Equal("open", reopened["status"]!.GetValue<string>());
        Assert.Equal(0.4m, reopened["score"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task A_rule_without_auto_resolve_leaves_the_alert_open_when_the_condition_passes()
    {
        var client = api.CreateClient();
        var tag = AlertApi.NewTag();
        var customer = await DroppingCustomerAsync(client, tag);
        var rule = await client.NewRuleAsync("frequency-drop", tag, autoResolve: false);
        await client.EvaluateAsync(rule, AsOf);
        await client.OrdersAsync(customer, AlertApi.Daily(AsOf.AddDays(-10), 3));

        var evaluation = await client.EvaluateAsync(rule, AsOf.AddDays(1));

        Assert.Equal(0, evaluation.Figure("autoResolved"));
        Assert.Equal("open", (await client.OnlyAlertAsync(customer))["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_snoozed_alert_reopens_at_the_first_evaluation_after_its_snooze_that_still_finds_the_condition()
    {
        var client = api.CreateClient();
        var tag = AlertApi.NewTag();
        var now = DateTimeOffset.UtcNow;
        var customer = await client.NewTaggedCustomerAsync(tag);
        await client.OrdersAsync(customer, AlertApi.Daily(now.AddDays(-150), 10));
        await client.OrdersAsync(customer, AlertApi.Daily(now.AddDays(-60), 5));
        var rule = await client.NewRuleAsync("frequency-drop", tag);
        await client.EvaluateAsync(rule, now);
        var alert = await client.OnlyAlertAsync(customer);

        var until = DateTimeOffset.UtcNow.AddSeconds(2);
        var snoozed = await client.PostAlertActionAsync(alert, "snooze", new { until = RfmApi.Utc(until), reason = "customer on holiday" });
        Assert.Equal("snoozed", snoozed["status"]!.GetValue<string>());

        // Before the snooze ends an evaluation updates it and leaves it snoozed.
        var during = await client.EvaluateAsync(rule, DateTimeOffset.UtcNow);
        Assert.Equal(1, during.Figure("updated"));
        Assert.Equal("snoozed", (await client.OnlyAlertAsync(customer))["status"]!.GetValue<string>());

        await Task.Delay(until - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(200));
        await client.EvaluateAsync(rule, DateTimeOffset.UtcNow);

        var reopened = await client.GetFromJsonAsync<JsonObject>($"/api/v1/alerts/{alert["id"]}");
        Assert.Equal("open", reopened!["status"]!.GetValue<string>());
        Assert.Null(reopened["snoozedUntil"]);
        Assert.Equal(3, reopened["occurrences"]!.GetValue<int>());
        var statuses = reopened["history"]!.AsArray().Select(h => h!["toStatus"]?.GetValue<string>()).ToList();
        Assert.Equal(["open", "snoozed", "open"], statuses);
    }

    [Fact]
    public async Task People_acknowledge_assign_and_resolve_closed_alerts_refuse_more_changes_and_every_step_is_an_event()
    {
        var client = api.CreateClient();
        var tag = AlertApi.NewTag();
        var customer = await DroppingCustomerAsync(client, tag);
        var rule = await client.NewRuleAsync("frequency-drop", tag);
        await client.EvaluateAsync(rule, AsOf);
        var alert = await client.OnlyAlertAsync(customer);
        var assignee = Guid.NewGuid();

        var acknowledged = await client.PostAlertActionAsync(alert, "acknowledgement", new { note = "calling today" });
        Assert.Equal("acknowledged", acknowledged["status"]!.GetValue<string>());
        Assert.NotNull(acknowledged["acknowledgedAt"]);
        using (var assign = await client.PatchAsync($"/api/v1/alerts/{alert["id"]}", new { assigneeId = assignee }))
        {
            Assert.Equal(HttpStatusCode.OK, assign.StatusCode);
            Assert.Equal(assignee, (await assign.ReadObjectAsync())["assigneeId"]!.GetValue<Guid>());
        }

        await client.PostAlertActionAsync(alert, "resolution", new { outcome = "lost", note = "moved to a competitor" });
        var refused = await client.PostAlertActionAsync(alert, "acknowledgement", new { }, HttpStatusCode.Conflict);
        Assert.Equal("alert-transition-not-allowed", refused["code"]!.GetValue<string>());

        var read = await client.GetFromJsonAsync<JsonObject>($"/api/v1/alerts/{alert["id"]}");
        Assert.Equal("resolved", read!["status"]!.GetValue<string>());
        Assert.Equal("lost", read["outcome"]!.GetValue<string>());
        Assert.Equal("moved to a competitor", read["note"]!.GetValue<string>());
        Assert.Equal(["open", "acknowledged", "resolved"], read["history"]!.AsArray().Select(h => h!["toStatus"]!.GetValue<string>()));
        Assert.Equal("calling today", read["history"]![1]!["note"]!.GetValue<string>());
        Assert.Single(await EventsAsync(client, "alert.opened", alert["id"]!.GetValue<Guid>()));
        Assert.Equal(2, (await EventsAsync(client, "alert.status-changed", alert["id"]!.GetValue<Guid>())).Count);
        var assigned = Assert.Single(await EventsAsync(client, "alert.updated", alert["id"]!.GetValue<Guid>()));
        Assert.Equal(["assigneeId"], assigned["data"]!["changedFields"]!.AsArray().Select(f => f!.GetValue<string>()));
    }

    [Fact]
    public async Task The_alert_opened_event_carries_the_alert_as_the_api_returns_it()
    {
        var client = api.CreateClient();
        var tag = AlertApi.NewTag();
        var customer = await DroppingCustomerAsync(client, tag);
        var rule = await client.NewRuleAsync("frequency-drop", tag);
        await client.EvaluateAsync(rule, AsOf);
        var alert = await client.OnlyAlertAsync(customer);

        var opened = Assert.Single(await EventsAsync(client, "alert.opened", alert["id"]!.GetValue<Guid>()));

        var expected = alert.DeepClone().AsObject();
        expected.Remove("etag");
        expected.Remove("history");
        Assert.True(JsonNode.DeepEquals(expected, opened["data"]!["state"]), $"{expected.ToJsonString()}\n{opened["data"]!["state"]!.ToJsonString()}");
        Assert.Equal(customer, opened["customerId"]!.GetValue<Guid>());
    }

    /// <summary>Cancels <paramref name="count"/> of the customer's orders in the current window at <see cref="AsOf"/>.</summary>
    private static async Task CancelCurrentOrdersAsync(HttpClient client, Guid customer, int count)
    {
        var orders = (await client.GetFromJsonAsync<JsonObject>($"/api/v1/customers/{customer}/orders?limit=200"))!["items"]!.AsArray()
            .Select(o => o!.AsObject()).Where(o => o["orderedAt"]!.GetValue<DateTimeOffset>() > AsOf.AddDays(-90)).Take(count).ToList();
        foreach (var order in orders)
        {
            await client.ChangeOrderStatusAsync(order["id"]!.GetValue<Guid>(), "cancelled");
        }
    }

    private static async Task<List<JsonObject>> EventsAsync(HttpClient client, string type, Guid resource)
    {
        var page = (await client.GetFromJsonAsync<JsonObject>($"/api/v1/events?types={type}&limit=200"))!;
        return page["items"]!.AsArray().Select(e => e!.AsObject()).Where(e => e["resource"]?["id"]?.GetValue<Guid>() == resource).ToList();
    }
}
