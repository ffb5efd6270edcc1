using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CustomerRetention.Api.Tests.Support;
using CustomerRetention.Api.Tests.Surveys;

namespace CustomerRetention.Api.Tests.Alerts;

/// <summary>
/// <c>nps-detractor</c> rules (SPEC §9.1) react to survey responses (§9.4) in the background: one
/// alert per detractor response of a customer in scope, graded by the score, assigned to the owner,
/// with its actionsOnOpen as tasks, once however often the reaction reads the response.
/// </summary>
public sealed class NpsDetractorTests(EventAlertApiFactory api) : IClassFixture<EventAlertApiFactory>
{
    private static readonly Guid Owner = TestCredentials.UserId("nps-detractor-owner");
    private readonly HttpClient _client = api.CreateClient();

    private async Task<JsonObject> RespondAsync(Guid customer, JsonNode survey, int score, string? comment = null, string respondedAt = "2026-03-02T10:00:00Z") =>
        await _client.RespondAsync(customer, new { surveyId = survey["id"], score, comment, channel = "phone", respondedAt });

    [Fact]
    public async Task Each_detractor_response_opens_its_own_alert_high_at_or_below_3_medium_up_to_maxScore_and_a_task()
    {
        var tag = AlertApi.NewTag();
        var rule = await _client.NewRuleAsync("nps-detractor", tag, actionsOnOpen: new object[] { new { type = "task", taskType = "call", dueInDays = 1 } });
        var survey = await _client.CreateSurveyAsync(name: "Quarterly NPS");
        var csat = await _client.CreateSurveyAsync(type: "csat", name: "Support CSAT");
        var scores = new[] { 0, 3, 4, 6, 7, 10 };
        var customers = new Dictionary<int, Guid>();
        foreach (var score in scores)
        {
            customers[score] = await _client.NewTaggedCustomerAsync(tag, ownerId: Owner);
        }

        var twice = await _client.NewTaggedCustomerAsync(tag, ownerId: Owner);
        var unhappyCsat = await _client.NewTaggedCustomerAsync(tag, ownerId: Owner);
        var outOfScope = await _client.CustomerAsync(Owner);
        var responses = new Dictionary<int, JsonObject>();
        foreach (var score in scores)
        {
            responses[score] = await RespondAsync(customers[score], survey, score, score == 0 ? "Never again." : null);
        }

        var first = await RespondAsync(twice, survey, 2, "Late.");
        var second = await RespondAsync(twice, survey, 5, respondedAt: "2026-03-03T10:00:00Z");
        await RespondAsync(unhappyCsat, csat, 1);
        await RespondAsync(outOfScope, survey, 0);
        await api.WaitForReactionAsync();

        // Exactly at the thresholds: 0 and 3 (≤ raiseAt 3) are high, 4 and 6 (≤ maxScore 6) medium, 7 and 10 nothing.
        foreach (var (score, severity) in new[] { (0, "high"), (3, "high"), (4, "medium"), (6, "medium") })
        {
            var alert = await _client.OnlyAlertAsync(customers[score]);
            Assert.Equal(severity, alert.Text("severity"));
            Assert.Equal(score, alert["score"]!.GetValue<decimal>());
            Assert.Equal($"{rule["id"]}:response:{responses[score]["id"]}", alert.Text("dedupeKey"));
        }

        Assert.Empty(await _client.AlertsOfAsync(customers[7]));
        Assert.Empty(await _client.AlertsOfAsync(customers[10]));
        Assert.Empty(await _client.AlertsOfAsync(unhappyCsat));
        Assert.Empty(await _client.AlertsOfAsync(outOfScope));

        // One alert per response, even for one customer.
        var both = await _client.AlertsOfAsync(twice);
        Assert.Equal(2, both.Count);
        Assert.Equal(new[] { "high", "medium" }, both.OrderBy(a => a["score"]!.GetValue<decimal>()).Select(a => a.Text("severity")));

        // The alert: evidence, reason, title, owner, no evaluation, the history of its opening.
        var opened = (await _client.GetFromJsonAsync<JsonObject>($"/api/v1/alerts/{(await _client.OnlyAlertAsync(customers[0]))["id"]}"))!;
        Assert.Equal("nps-detractor", opened.Text("kind"));
        Assert.Equal("open", opened.Text("status"));
        Assert.Equal(Owner.ToString(), opened.Text("assigneeId"));
        Assert.Null(opened["evaluationId"]);
        Assert.Equal(1, opened["occurrences"]!.GetValue<int>());
        Assert.Equal("NPS score 0 (detractor, ≤ 6) on survey 'Quarterly NPS' at 2026-03-02T10:00:00Z.", opened.Text("reason"));
        Assert.Equal("NPS 0 on Quarterly NPS", opened.Text("title"));
        var evidence = opened["evidence"]!;
        Assert.Equal(survey.Text("id"), evidence["survey"]!.Text("id"));
        Assert.Equal("Quarterly NPS", evidence["survey"]!.Text("name"));
        Assert.Equal(responses[0].Text("id"), evidence.Text("responseId"));
        Assert.Equal(0, evidence["score"]!.GetValue<int>());
        Assert.Equal(6, evidence["maxScore"]!.GetValue<int>());
        Assert.Equal("Never again.", evidence.Text("comment"));
        Assert.Equal("detractor", evidence.Text("category"));
        Assert.Equal("2026-03-02T10:00:00Z", evidence.Text("respondedAt"));
        Assert.Equal("retention", evidence["snapshot"]!.Text("stage"));
        var history = Assert.Single(opened["history"]!.AsArray())!;
        Assert.Equal("open", history.Text("toStatus"));
        Assert.Equal("system", history.Text("actor"));
        Assert.Equal("Opened by the reaction to survey.response-received.", history.Text("note"));

        // alert.opened carries the rule's actions and names the response's event as its origin; the task follows.
        var received = Assert.Single(await _client.EventsOfAsync(customers[0], "survey.response-received"));
        var openedEvent = Assert.Single(await _client.EventsOfAsync(customers[0], "alert.opened"));
        Assert.Equal("system", openedEvent.Text("actor"));
        Assert.Equal(received.Text("id"), openedEvent["origin"]!.Text("eventId"));
        Assert.Equal("call", openedEvent["data"]!["actions"]![0]!.Text("taskType"));
        Assert.Equal(opened.Text("id"), openedEvent["data"]!["state"]!.Text("id"));
        var task = Assert.Single(await WaitForTasksAsync(customers[0]));
        Assert.Equal("alert", task.Text("source"));
        Assert.Equal(opened.Text("id"), task.Text("sourceRef"));
        Assert.Equal(Owner.ToString(), task.Text("ownerId"));
        Assert.Equal(first.Text("id"), both.Single(a => a["score"]!.GetValue<decimal>() == 2)["evidence"]!.Text("responseId"));
        Assert.Equal(second.Text("id"), both.Single(a => a["score"]!.GetValue<decimal>() == 5)["evidence"]!.Text("responseId"));
    }

    [Fact]
    public async Task A_response_through_the_public_token_opens_the_alert_too()
    {
        var tag = AlertApi.NewTag();
        await _client.NewRuleAsync("nps-detractor", tag);
        var survey = await _client.CreateSurveyAsync(name: "Relationship NPS");
        var customer = await _client.NewTaggedCustomerAsync(tag, ownerId: Owner);
        var send = await _client.SendAsync(survey["id"]!, customer);
        using (var submitted = await api.CreateAnonymousClient().SubmitAsync(send.Text("token"), new { score = 1, comment = "Broken twice." }))
        {
            Assert.True(submitted.IsSuccessStatusCode, await submitted.Content.ReadAsStringAsync());
        }

        var alert = Assert.Single(await _client.WaitForAlertsAsync(customer, 1));
        Assert.Equal("high", alert.Text("severity"));
        Assert.Equal("public", alert["evidence"]!.Text("source"));
        Assert.Equal(send.Text("id"), alert["evidence"]!.Text("sendId"));
        Assert.Equal("Broken twice.", alert["evidence"]!.Text("comment"));
        Assert.Equal(Owner.ToString(), alert.Text("assigneeId"));
    }

    [Fact]
    public async Task A_custom_maxScore_and_raiseAt_move_the_thresholds()
    {
        var tag = AlertApi.NewTag();
        await _client.NewRuleAsync("nps-detractor", tag, new { maxScore = 8 }, severity: new { @base = "low", raised = "critical", raiseAt = 1 });
        var survey = await _client.CreateSurveyAsync();
        var (one, two, eight, nine) = (await _client.NewTaggedCustomerAsync(tag), await _client.NewTaggedCustomerAsync(tag), await _client.NewTaggedCustomerAsync(tag), await _client.NewTaggedCustomerAsync(tag));
        await RespondAsync(one, survey, 1);
        await RespondAsync(two, survey, 2);
        await RespondAsync(eight, survey, 8);
        await RespondAsync(nine, survey, 9);
        await api.WaitForReactionAsync();

        Assert.Equal("critical", (await _client.OnlyAlertAsync(one)).Text("severity"));
        Assert.Equal("low", (await _client.OnlyAlertAsync(two)).Text("severity"));
        var passive = await _client.OnlyAlertAsync(eight);
        Assert.Equal("low", passive.Text("severity"));
        Assert.StartsWith("NPS score 8 (detractor, ≤ 8) on survey", passive.Text("reason"), StringComparison.Ordinal);
        Assert.Empty(await _client.AlertsOfAsync(nine));
    }

    [Fact]
    public async Task A_disabled_or_deleted_rule_opens_nothing()
    {
        var (tag, other) = (AlertApi.NewTag(), AlertApi.NewTag());
        var disabled = await _client.NewRuleAsync("nps-detractor", tag);
        using (var off = await _client.PatchAsync($"/api/v1/alert-rules/{disabled["id"]}", new { enabled = false }))
        {
            Assert.True(off.IsSuccessStatusCode);
        }

        var deleted = await _client.NewRuleAsync("nps-detractor", other);
        using (var gone = await _client.DeleteAsync($"/api/v1/alert-rules/{deleted["id"]}"))
        {
            Assert.True(gone.IsSuccessStatusCode);
        }

        var survey = await _client.CreateSurveyAsync();
        var (quiet, alsoQuiet) = (await _client.NewTaggedCustomerAsync(tag), await _client.NewTaggedCustomerAsync(other));
        await RespondAsync(quiet, survey, 0);
        await RespondAsync(alsoQuiet, survey, 0);
        await api.WaitForReactionAsync();

        Assert.Empty(await _client.AlertsOfAsync(quiet));
        Assert.Empty(await _client.AlertsOfAsync(alsoQuiet));
    }

    [Fact]
    public async Task Resolving_a_detractor_alert_does_not_suppress_the_next_response_which_is_its_own_key()
    {
        var tag = AlertApi.NewTag();
        await _client.NewRuleAsync("nps-detractor", tag, cooldownDays: 30);
        var survey = await _client.CreateSurveyAsync();
        var customer = await _client.NewTaggedCustomerAsync(tag, ownerId: Owner);
        await RespondAsync(customer, survey, 2);
        var alert = Assert.Single(await _client.WaitForAlertsAsync(customer, 1));
        await _client.PostAlertActionAsync(alert, "resolution", new { outcome = "retained", note = "Called back." });

        // The cool-down is per dedupe key: a later response is a new key, so it opens a new alert at once.
        await RespondAsync(customer, survey, 5, respondedAt: "2026-03-05T10:00:00Z");
        var alerts = await _client.WaitForAlertsAsync(customer, 2);
        Assert.Equal(new[] { "open", "resolved" }, alerts.Select(a => a.Text("status")).OrderBy(s => s, StringComparer.Ordinal));
    }

    [Fact]
    public async Task Reading_the_same_responses_again_opens_nothing_more_and_counts_no_occurrence()
    {
        var tag = AlertApi.NewTag();
        await _client.NewRuleAsync("nps-detractor", tag, actionsOnOpen: new object[] { new { type = "task" } });
        var survey = await _client.CreateSurveyAsync();
        var customers = new List<Guid>();
        var before = await api.ScalarAsync<long>("SELECT coalesce(max(position), 0) FROM events");
        for (var i = 0; i < 5; i++)
        {
            var customer = await _client.NewTaggedCustomerAsync(tag, ownerId: Owner);
            customers.Add(customer);
            await RespondAsync(customer, survey, i);
        }

        foreach (var customer in customers)
        {
            await _client.WaitForAlertsAsync(customer, 1);
        }

        // A replay: the cursor goes back before the responses, the reaction reads them all again.
        await api.ExecuteAsync($"UPDATE event_cursors SET position = {before} WHERE consumer = 'event-alerts'");
        await api.WaitForReactionAsync();
        await Task.Delay(500);
        foreach (var customer in customers)
        {
            var alert = Assert.Single(await _client.AlertsOfAsync(customer));
            Assert.Equal(1, alert["occurrences"]!.GetValue<int>());
            Assert.Single(await _client.EventsOfAsync(customer, "alert.opened"));
            Assert.Empty(await _client.EventsOfAsync(customer, "alert.updated"));
            Assert.Single(await WaitForTasksAsync(customer));
        }
    }

    [Fact]
    public async Task Two_instances_reacting_at_once_open_each_alert_once()
    {
        var tag = AlertApi.NewTag();
        await _client.NewRuleAsync("nps-detractor", tag);
        using var second = api.WithWebHostBuilder(_ => { });
        var secondClient = second.CreateClient();
        var survey = await _client.CreateSurveyAsync();
        var customers = new List<Guid>();
        for (var i = 0; i < 20; i++)
        {
            customers.Add(await _client.NewTaggedCustomerAsync(tag));
        }

        // Both hosts record responses while both reactions poll the same log.
        await Task.WhenAll(customers.Select((c, i) => (i % 2 == 0 ? _client : secondClient).RespondAsync(c, new { surveyId = survey["id"], score = i % 7 })));
        await api.WaitForReactionAsync();
        foreach (var customer in customers)
        {
            var alert = Assert.Single(await _client.AlertsOfAsync(customer));
            Assert.Equal(1, alert["occurrences"]!.GetValue<int>());
            Assert.Single(await _client.EventsOfAsync(customer, "alert.opened"));
        }
    }

    private async Task<List<JsonObject>> WaitForTasksAsync(Guid customer)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var tasks = await FollowUps.FollowUpApi.TasksOfAsync(_client, customer);
            if (tasks.Count > 0)
            {
                await Task.Delay(300); // a second task would have come with the first
                return await FollowUps.FollowUpApi.TasksOfAsync(_client, customer);
            }

            Assert.True(DateTime.UtcNow < deadline, "no task after the alert opened");
            await Task.Delay(100);
        }
    }
}
