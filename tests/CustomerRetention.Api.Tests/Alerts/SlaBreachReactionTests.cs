using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CustomerRetention.Api.Tests.Support;
using CustomerRetention.Api.Tests.Surveys;

namespace CustomerRetention.Api.Tests.Alerts;

/// <summary>
/// <c>sla-breach</c> rules (SPEC §9.1, §9.3) react to <c>sla.breached</c>. The Cases module that
/// raises the event is not on this branch yet, so each test appends the event exactly as its
/// contract says (ADR 31) straight into the log, under the log's append lock, as the scheduler
/// will; everything after that — the reaction, the alerts, their history and events — is the
/// real thing, read back through the HTTP API.
/// </summary>
public sealed class SlaBreachReactionTests(EventAlertApiFactory api) : IClassFixture<EventAlertApiFactory>
{
    private static readonly Guid Owner = TestCredentials.UserId("sla-breach-owner");
    private readonly HttpClient _client = api.CreateClient();
    private int _number;

    /// <summary>Appends <c>sla.breached</c> events of the case in one transaction; returns their ids.</summary>
    private async Task<List<Guid>> BreachAsync(Guid customer, Guid caseId, params (string Priority, string Metric, int Instance)[] breaches)
    {
        var ids = new List<Guid>();
        var values = new List<string>();
        foreach (var (priority, metric, instance) in breaches)
        {
            var id = Guid.CreateVersion7();
            ids.Add(id);
            var data = new JsonObject
            {
                ["caseId"] = caseId,
                ["caseNumber"] = $"CS-{_number:000000}",
                ["customerId"] = customer,
                ["priority"] = priority,
                ["metric"] = metric,
                ["instance"] = instance,
                ["startedAt"] = "2026-03-02T09:00:00Z",
                ["dueAt"] = "2026-03-02T10:00:00Z",
                ["breachedAt"] = "2026-03-02T10:00:00Z",
                ["policyId"] = "0193b000-0000-7000-8000-000000000001",
                ["policyVersion"] = 2,
            };
            values.Add($"('{id}', 'sla.breached', now(), '{customer}', 'case', '{caseId}', 'system', NULL, '{data.ToJsonString()}'::jsonb)");
        }

        await api.ExecuteAsync(
            "BEGIN; SELECT pg_advisory_xact_lock(" + 0x4352_4556_454E_5453L.ToString(CultureInfo.InvariantCulture) + "); "
            + $"INSERT INTO events (id, type, occurred_at, customer_id, resource_type, resource_id, actor, origin, data) VALUES {string.Join(", ", values)}; COMMIT;");
        return ids;
    }

    private async Task<(Guid Customer, Guid Case)> CaseAsync(string tag)
    {
        _number++;
        return (await _client.NewTaggedCustomerAsync(tag, ownerId: Owner), Guid.CreateVersion7());
    }

    [Fact]
    public async Task A_breach_opens_an_alert_per_case_with_the_priority_severity_and_a_second_breach_detects_it_again()
    {
        var tag = AlertApi.NewTag();
        var rule = await _client.NewRuleAsync("sla-breach", tag);
        var (customer, caseId) = await CaseAsync(tag);
        var first = Assert.Single(await BreachAsync(customer, caseId, ("urgent", "first-response", 1)));

        var alert = Assert.Single(await _client.WaitForAlertsAsync(customer, 1));
        Assert.Equal("critical", alert.Text("severity"));
        Assert.Equal("sla-breach", alert.Text("kind"));
        Assert.Equal($"{rule["id"]}:case:{caseId}", alert.Text("dedupeKey"));
        Assert.Null(alert["score"]);
        Assert.Equal(Owner.ToString(), alert.Text("assigneeId"));
        Assert.Equal($"Case CS-{_number:000000}: first response was due at 2026-03-02T10:00:00Z and is breached (priority urgent).", alert.Text("reason"));
        Assert.Equal($"SLA breached: first response of CS-{_number:000000}", alert.Text("title"));
        var evidence = alert["evidence"]!;
        Assert.Equal(caseId.ToString(), evidence.Text("caseId"));
        Assert.Equal("first-response", evidence.Text("metric"));
        Assert.Equal(1, evidence["instance"]!.GetValue<int>());
        Assert.Equal("2026-03-02T10:00:00Z", evidence.Text("breachedAt"));
        Assert.Equal(2, evidence["policyVersion"]!.GetValue<int>());
        var opened = Assert.Single(await _client.EventsOfAsync(customer, "alert.opened"));
        Assert.Equal(first.ToString(), opened["origin"]!.Text("eventId"));

        // A later breach of the same case (a lower priority by now) while the alert is active: one more occurrence, the severity stays.
        await BreachAsync(customer, caseId, ("normal", "next-response", 2));
        await api.WaitForReactionAsync();
        var again = (await _client.GetFromJsonAsync<JsonObject>($"/api/v1/alerts/{alert["id"]}"))!;
        Assert.Equal(2, again["occurrences"]!.GetValue<int>());
        Assert.Equal("critical", again.Text("severity"));
        Assert.Equal("next-response", again["evidence"]!.Text("metric"));
        Assert.EndsWith("next response 2 was due at 2026-03-02T10:00:00Z and is breached (priority normal).", again.Text("reason"), StringComparison.Ordinal);
        Assert.Single(await _client.AlertsOfAsync(customer));
        Assert.Single(await _client.EventsOfAsync(customer, "alert.updated"));
    }

    [Fact]
    public async Task Every_priority_has_its_severity_and_a_higher_one_raises_the_active_alert_in_its_history()
    {
        var tag = AlertApi.NewTag();
        await _client.NewRuleAsync("sla-breach", tag);
        var expected = new Dictionary<string, string> { ["low"] = "low", ["normal"] = "medium", ["high"] = "high", ["urgent"] = "critical" };
        var cases = new Dictionary<string, (Guid Customer, Guid Case)>();
        foreach (var priority in expected.Keys)
        {
            cases[priority] = await CaseAsync(tag);
            await BreachAsync(cases[priority].Customer, cases[priority].Case, (priority, "resolution", 1));
        }

        await api.WaitForReactionAsync();
        foreach (var (priority, severity) in expected)
        {
            Assert.Equal(severity, (await _client.OnlyAlertAsync(cases[priority].Customer)).Text("severity"));
        }

        var (customer, caseId) = cases["low"];
        await BreachAsync(customer, caseId, ("high", "next-response", 1));
        await api.WaitForReactionAsync();
        var raised = (await _client.GetFromJsonAsync<JsonObject>($"/api/v1/alerts/{(await _client.OnlyAlertAsync(customer))["id"]}"))!;
        Assert.Equal("high", raised.Text("severity"));
        Assert.Contains(raised["history"]!.AsArray(), h => h!["fromSeverity"]?.GetValue<string>() == "low" && h["toSeverity"]?.GetValue<string>() == "high");
    }

    [Fact]
    public async Task Two_breaches_of_a_case_in_one_batch_are_one_alert_with_two_occurrences_at_the_higher_severity()
    {
        var tag = AlertApi.NewTag();
        await _client.NewRuleAsync("sla-breach", tag);
        var (customer, caseId) = await CaseAsync(tag);
        await BreachAsync(customer, caseId, ("high", "first-response", 1), ("normal", "resolution", 1));

        var alert = Assert.Single(await _client.WaitForAlertsAsync(customer, 1));
        Assert.Equal(2, alert["occurrences"]!.GetValue<int>());
        Assert.Equal("high", alert.Text("severity"));
        Assert.Equal("resolution", alert["evidence"]!.Text("metric"));
        Assert.Single(await _client.EventsOfAsync(customer, "alert.opened"));
    }

    [Fact]
    public async Task After_a_resolution_the_cool_down_suppresses_a_breach_of_the_case_unless_strictly_more_severe()
    {
        var tag = AlertApi.NewTag();
        await _client.NewRuleAsync("sla-breach", tag, cooldownDays: 30);
        var (customer, caseId) = await CaseAsync(tag);
        await BreachAsync(customer, caseId, ("normal", "first-response", 1));
        var alert = Assert.Single(await _client.WaitForAlertsAsync(customer, 1));
        await _client.PostAlertActionAsync(alert, "resolution", new { outcome = "retained" });

        await BreachAsync(customer, caseId, ("normal", "next-response", 1));
        await api.WaitForReactionAsync();
        Assert.Single(await _client.AlertsOfAsync(customer));

        await BreachAsync(customer, caseId, ("urgent", "resolution", 1));
        var alerts = await _client.WaitForAlertsAsync(customer, 2);
        Assert.Equal("critical", alerts.Single(a => a.Text("status") == "open").Text("severity"));
    }

    [Fact]
    public async Task A_case_of_a_customer_out_of_scope_or_a_disabled_rule_opens_nothing()
    {
        var (tag, off) = (AlertApi.NewTag(), AlertApi.NewTag());
        await _client.NewRuleAsync("sla-breach", tag);
        var disabled = await _client.NewRuleAsync("sla-breach", off);
        using (var patched = await _client.PatchAsync($"/api/v1/alert-rules/{disabled["id"]}", new { enabled = false }))
        {
            Assert.True(patched.IsSuccessStatusCode);
        }

        _number++;
        var outside = await _client.NewTaggedCustomerAsync(AlertApi.NewTag());
        var (quiet, quietCase) = await CaseAsync(off);
        await BreachAsync(outside, Guid.CreateVersion7(), ("urgent", "first-response", 1));
        await BreachAsync(quiet, quietCase, ("urgent", "first-response", 1));
        await api.WaitForReactionAsync();
        Assert.Empty(await _client.AlertsOfAsync(outside));
        Assert.Empty(await _client.AlertsOfAsync(quiet));
    }
}
