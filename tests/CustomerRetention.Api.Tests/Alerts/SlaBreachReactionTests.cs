using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CustomerRetention.Api.Tests.Cases;
using CustomerRetention.Api.Tests.ServiceLevels;
using CustomerRetention.Api.Tests.Support;
using CustomerRetention.Api.Tests.Surveys;

namespace CustomerRetention.Api.Tests.Alerts;

/// <summary>
/// <c>sla-breach</c> rules (SPEC §9.1, §9.3) react to <c>sla.breached</c>. Each test breaches real
/// SLA targets through the Cases API: a case imported at a past <c>openedAt</c> under a policy of
/// 10 calendar minutes per response (and 1 000 for the resolution), and a reply imported 20
/// minutes after a response was due, which breaches that target at once. Everything after that —
/// the reaction, the alerts, their history and events — is read back through the HTTP API.
/// </summary>
public sealed class SlaBreachReactionTests(EventAlertApiFactory api) : IClassFixture<EventAlertApiFactory>
{
    private static readonly Guid Owner = TestCredentials.UserId("sla-breach-owner");
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private readonly HttpClient _client = api.CreateClient();

    /// <summary>A case of a customer tagged <paramref name="tag"/> (and owned by <see cref="Owner"/>) under the tag's policy, with the instant of its next imported change.</summary>
    private sealed class LiveCase(Guid customer, JsonObject opened)
    {
        public Guid Customer { get; } = customer;

        public Guid Id { get; } = opened["id"]!.GetValue<Guid>();

        public string Number { get; } = opened["number"]!.GetValue<string>();

        public JsonObject Json { get; } = opened;

        public DateTimeOffset Next { get; set; } = Start;
    }

    private async Task PolicyAsync(string tag) => await _client.CreatePolicyAsync(new
    {
        name = $"SLA {tag}",
        position = 1,
        conditions = new { tags = new[] { tag } },
        hoursMode = "calendar",
        targets = new[] { "low", "normal", "high", "urgent" }.SelectMany(priority => new object[]
        {
            new { metric = "first-response", priority, minutes = 10 },
            new { metric = "next-response", priority, minutes = 10 },
            new { metric = "resolution", priority, minutes = 1000 },
        }).ToArray(),
    });

    private async Task<LiveCase> CaseAsync(string tag, string priority, Guid? customer = null)
    {
        var id = customer ?? await _client.NewTaggedCustomerAsync(tag, ownerId: Owner);
        var opened = await _client.OpenCaseAsync(id, new { channel = "email", category = "complaint", subject = "Broken", priority, openedAt = Stamp(Start) });
        return new LiveCase(id, opened);
    }

    private static string Stamp(DateTimeOffset at) => at.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>An agent's reply 20 minutes after the case's last change: breaches the response target running since then.</summary>
    private async Task LateReplyAsync(LiveCase supportCase)
    {
        supportCase.Next = supportCase.Next.AddMinutes(20);
        await _client.MessageAsync(supportCase.Json, new { direction = "outbound", authorType = "agent", body = "Sorry for the wait.", sentAt = Stamp(supportCase.Next) });
    }

    /// <summary>A customer's message a minute after the last change (starting a next-response target), then a late reply.</summary>
    private async Task LateNextReplyAsync(LiveCase supportCase)
    {
        supportCase.Next = supportCase.Next.AddMinutes(1);
        await _client.MessageAsync(supportCase.Json, new { direction = "inbound", authorType = "customer", body = "Any news?", sentAt = Stamp(supportCase.Next) });
        await LateReplyAsync(supportCase);
    }

    private async Task PriorityAsync(LiveCase supportCase, string priority)
    {
        supportCase.Next = supportCase.Next.AddMinutes(1);
        await _client.PatchCaseAsync(supportCase.Json, new { priority, at = Stamp(supportCase.Next) });
    }

    [Fact]
    public async Task A_breach_opens_an_alert_per_case_with_the_priority_severity_and_a_second_breach_detects_it_again()
    {
        var tag = AlertApi.NewTag();
        await PolicyAsync(tag);
        var rule = await _client.NewRuleAsync("sla-breach", tag);
        var supportCase = await CaseAsync(tag, "urgent");
        await LateReplyAsync(supportCase);
        var breach = Assert.Single(await _client.EventsOfAsync(supportCase.Customer, "sla.breached"));

        var alert = Assert.Single(await _client.WaitForAlertsAsync(supportCase.Customer, 1));
        Assert.Equal("critical", alert.Text("severity"));
        Assert.Equal("sla-breach", alert.Text("kind"));
        Assert.Equal($"{rule["id"]}:case:{supportCase.Id}", alert.Text("dedupeKey"));
        Assert.Null(alert["score"]);
        Assert.Equal(Owner.ToString(), alert.Text("assigneeId"));
        Assert.Equal($"Case {supportCase.Number}: first response was due at 2026-03-02T09:10:00Z and is breached (priority urgent).", alert.Text("reason"));
        Assert.Equal($"SLA breached: first response of {supportCase.Number}", alert.Text("title"));
        var evidence = alert["evidence"]!;
        Assert.Equal(supportCase.Id.ToString(), evidence.Text("caseId"));
        Assert.Equal("first-response", evidence.Text("metric"));
        Assert.Equal(1, evidence["instance"]!.GetValue<int>());
        Assert.Equal("2026-03-02T09:10:00Z", evidence.Text("breachedAt"));
        Assert.Equal(1, evidence["policyVersion"]!.GetValue<int>());
        var opened = Assert.Single(await _client.EventsOfAsync(supportCase.Customer, "alert.opened"));
        Assert.Equal(breach.Text("id"), opened["origin"]!.Text("eventId"));

        // Lowered to normal, then a next response answered late while the alert is active: one more occurrence, the severity stays.
        await PriorityAsync(supportCase, "normal");
        await LateNextReplyAsync(supportCase);
        await api.WaitForReactionAsync();
        var again = (await _client.GetFromJsonAsync<JsonObject>($"/api/v1/alerts/{alert["id"]}"))!;
        Assert.Equal(2, again["occurrences"]!.GetValue<int>());
        Assert.Equal("critical", again.Text("severity"));
        Assert.Equal("next-response", again["evidence"]!.Text("metric"));
        Assert.EndsWith("next response 1 was due at 2026-03-02T09:32:00Z and is breached (priority normal).", again.Text("reason"), StringComparison.Ordinal);
        Assert.Single(await _client.AlertsOfAsync(supportCase.Customer));
        Assert.Single(await _client.EventsOfAsync(supportCase.Customer, "alert.updated"));
    }

    [Fact]
    public async Task Every_priority_has_its_severity_and_a_higher_one_raises_the_active_alert_in_its_history()
    {
        var tag = AlertApi.NewTag();
        await PolicyAsync(tag);
        await _client.NewRuleAsync("sla-breach", tag);
        var expected = new Dictionary<string, string> { ["low"] = "low", ["normal"] = "medium", ["high"] = "high", ["urgent"] = "critical" };
        var cases = new Dictionary<string, LiveCase>();
        foreach (var priority in expected.Keys)
        {
            cases[priority] = await CaseAsync(tag, priority);
            await LateReplyAsync(cases[priority]);
        }

        await api.WaitForReactionAsync();
        foreach (var (priority, severity) in expected)
        {
            Assert.Equal(severity, (await _client.OnlyAlertAsync(cases[priority].Customer)).Text("severity"));
        }

        var low = cases["low"];
        await PriorityAsync(low, "high");
        await LateNextReplyAsync(low);
        await api.WaitForReactionAsync();
        var raised = (await _client.GetFromJsonAsync<JsonObject>($"/api/v1/alerts/{(await _client.OnlyAlertAsync(low.Customer))["id"]}"))!;
        Assert.Equal("high", raised.Text("severity"));
        Assert.Contains(raised["history"]!.AsArray(), h => h!["fromSeverity"]?.GetValue<string>() == "low" && h["toSeverity"]?.GetValue<string>() == "high");
    }

    [Fact]
    public async Task Two_breaches_of_a_case_in_one_request_are_one_alert_with_two_occurrences()
    {
        var tag = AlertApi.NewTag();
        await PolicyAsync(tag);
        await _client.NewRuleAsync("sla-breach", tag);
        var supportCase = await CaseAsync(tag, "high");

        // A first reply imported 1 001 minutes after the opening shows both the first response and the resolution breached.
        await _client.MessageAsync(supportCase.Json, new { direction = "outbound", authorType = "agent", body = "Finally.", sentAt = Stamp(Start.AddMinutes(1001)) });
        Assert.Equal(2, (await _client.EventsOfAsync(supportCase.Customer, "sla.breached")).Count);

        var alert = Assert.Single(await _client.WaitForAlertsAsync(supportCase.Customer, 1));
        await api.WaitForReactionAsync();
        alert = (await _client.GetFromJsonAsync<JsonObject>($"/api/v1/alerts/{alert["id"]}"))!;
        Assert.Equal(2, alert["occurrences"]!.GetValue<int>());
        Assert.Equal("high", alert.Text("severity"));
        Assert.Single(await _client.EventsOfAsync(supportCase.Customer, "alert.opened"));
    }

    [Fact]
    public async Task After_a_resolution_the_cool_down_suppresses_a_breach_of_the_case_unless_strictly_more_severe()
    {
        var tag = AlertApi.NewTag();
        await PolicyAsync(tag);
        await _client.NewRuleAsync("sla-breach", tag, cooldownDays: 30);
        var supportCase = await CaseAsync(tag, "normal");
        await LateReplyAsync(supportCase);
        var alert = Assert.Single(await _client.WaitForAlertsAsync(supportCase.Customer, 1));
        await _client.PostAlertActionAsync(alert, "resolution", new { outcome = "retained" });

        await LateNextReplyAsync(supportCase);
        await api.WaitForReactionAsync();
        Assert.Single(await _client.AlertsOfAsync(supportCase.Customer));

        await PriorityAsync(supportCase, "urgent");
        await LateNextReplyAsync(supportCase);
        var alerts = await _client.WaitForAlertsAsync(supportCase.Customer, 2);
        Assert.Equal("critical", alerts.Single(a => a.Text("status") == "open").Text("severity"));
    }

    [Fact]
    public async Task A_case_of_a_customer_out_of_scope_or_a_disabled_rule_opens_nothing()
    {
        var (tag, off) = (AlertApi.NewTag(), AlertApi.NewTag());
        await PolicyAsync(tag);
        await PolicyAsync(off);
        await _client.NewRuleAsync("sla-breach", tag);
        var disabled = await _client.NewRuleAsync("sla-breach", off);
        using (var patched = await _client.PatchAsync($"/api/v1/alert-rules/{disabled["id"]}", new { enabled = false }))
        {
            Assert.True(patched.IsSuccessStatusCode);
        }

        var outsideTag = AlertApi.NewTag();
        await PolicyAsync(outsideTag);
        var outside = await CaseAsync(outsideTag, "urgent");
        var quiet = await CaseAsync(off, "urgent");
        await LateReplyAsync(outside);
        await LateReplyAsync(quiet);
        Assert.Single(await _client.EventsOfAsync(outside.Customer, "sla.breached"));
        await api.WaitForReactionAsync();
        Assert.Empty(await _client.AlertsOfAsync(outside.Customer));
        Assert.Empty(await _client.AlertsOfAsync(quiet.Customer));
    }
}
