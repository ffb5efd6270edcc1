using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CustomerRetention.Api.Tests.Segmentation;
using CustomerRetention.Api.Tests.Support;

namespace CustomerRetention.Api.Tests.Alerts;

/// <summary>
/// Evaluations as jobs (SPEC §9.1): once per (rule version, asOf) however often and however
/// concurrently asked, a dry-run that writes nothing, segment-entered against RFM runs, owner
/// scoping of the alerts and the timeline.
/// </summary>
public sealed class AlertEvaluationTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private static readonly DateTimeOffset AsOf = AlertApi.At("2025-06-30T00:00:00Z");

    private static async Task<Guid> DroppingAsync(HttpClient client, string tag, string name = "Dropping")
    {
        var customer = await client.NewTaggedCustomerAsync(tag, name);
        await client.OrdersAsync(customer, AlertApi.Daily(AsOf.AddDays(-150), 10));
        await client.OrdersAsync(customer, AlertApi.Daily(AsOf.AddDays(-60), 5));
        return customer;
    }

    [Fact]
    public async Task The_same_rule_version_and_asOf_asked_ten_times_at_once_is_one_evaluation_and_opens_each_alert_once()
    {
        var client = api.CreateClient();
        var tag = AlertApi.NewTag();
        var customers = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            customers.Add(await DroppingAsync(client, tag, $"Dropping {i}"));
        }

        var rule = await client.NewRuleAsync("frequency-drop", tag);

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(async _ =>
        {
            using var response = await api.CreateClient().PostAsync($"/api/v1/alert-rules/{rule["id"]}/evaluations", Requests.Json(new { asOf = RfmApi.Utc(AsOf) }));
            return (response.StatusCode, Body: await response.ReadObjectAsync());
        }));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Accepted, r.StatusCode));
        var id = Assert.Single(responses.Select(r => r.Body["id"]!.GetValue<Guid>()).Distinct());
        var evaluation = await client.WaitForEvaluationAsync(id);
        Assert.Equal(3, evaluation.Figure("fired"));
        foreach (var customer in customers)
        {
            Assert.Single(await client.AlertsOfAsync(customer));
        }

        Assert.Equal(1L, await api.ScalarAsync<long>($"SELECT count(*) FROM alert_evaluations WHERE rule_id = '{rule["id"]}'"));
        var again = await client.EvaluateAsync(rule, AsOf);
        Assert.Equal(id, again["id"]!.GetValue<Guid>());
    }

    [Fact]
    public async Task Two_rules_of_one_customer_each_open_their_own_alert_and_a_new_version_is_a_new_evaluation()
    {
        var client = api.CreateClient();
        var tag = AlertApi.NewTag();
        var customer = await DroppingAsync(client, tag);
        var first = await client.NewRuleAsync("frequency-drop", tag);
        var second = await client.NewRuleAsync("overdue", tag, new { minOrders = 3, factor = 1.1 });
        await client.EvaluateAsync(first, AsOf);
        await client.EvaluateAsync(second, AsOf);
        Assert.Equal(2, (await client.AlertsOfAsync(customer)).Count);

        using var patched = await client.PatchAsync($"/api/v1/alert-rules/{first["id"]}", new { @params = new { dropThreshold = 0.4 } });
        var v2 = await patched.ReadObjectAsync();
        var evaluation = await client.EvaluateAsync(v2, AsOf);

        Assert.Equal(2, evaluation["ruleVersion"]!.GetValue<int>());
        Assert.Equal(1, evaluation.Figure("updated"));
        var alert = (await client.AlertsOfAsync(customer, $"&ruleId={first["id"]}")).Single();
        Assert.Equal(2, alert["ruleVersion"]!.GetValue<int>());
        Assert.Equal(2, alert["occurrences"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_dry_run_shows_the_alerts_an_evaluation_would_open_with_its_figures_and_changes_no_row()
    {
        var client = api.CreateClient();
        var tag = AlertApi.NewTag();
        var customer = await DroppingAsync(client, tag);
        var steady = await client.NewTaggedCustomerAsync(tag, "Steady");
        await client.OrdersAsync(steady, AlertApi.Daily(AsOf.AddDays(-150), 4));
        await client.OrdersAsync(steady, AlertApi.Daily(AsOf.AddDays(-60), 4));
        var rule = await client.NewRuleAsync("frequency-drop", tag);
        var before = await api.DatabaseFingerprintAsync();

        using var response = await client.PostAsync($"/api/v1/alert-rules/{rule["id"]}/dry-run", Requests.Json(new { asOf = RfmApi.Utc(AsOf) }));
        var dryRun = await response.ReadObjectAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(before, await api.DatabaseFingerprintAsync());
        Assert.Equal(2, dryRun["figures"]!["evaluated"]!.GetValue<int>());
        Assert.Equal(1, dryRun["figures"]!["fired"]!.GetValue<int>());
        var preview = Assert.Single(dryRun["alerts"]!.AsArray())!;
        Assert.Equal(customer, preview["customerId"]!.GetValue<Guid>());
        Assert.Equal(0.5m, preview["score"]!.GetValue<decimal>());
        Assert.Equal(10, preview["evidence"]!["previousWindow"]!["orders"]!.GetValue<int>());

        // The evaluation opens exactly what the dry-run showed; a dry-run afterwards sees it as an update.
        var evaluation = await client.EvaluateAsync(rule, AsOf);
        Assert.Equal(1, evaluation.Figure("fired"));
        using var after = await client.PostAsync($"/api/v1/alert-rules/{rule["id"]}/dry-run", Requests.Json(new { asOf = RfmApi.Utc(AsOf.AddDays(1)) }));
        var second = await after.ReadObjectAsync();
        Assert.Equal(0, second["figures"]!["fired"]!.GetValue<int>());
        Assert.Equal(1, second["figures"]!["updated"]!.GetValue<int>());
        Assert.Empty(second["alerts"]!.AsArray());
    }

    [Fact]
    public async Task A_draft_or_a_patched_rule_is_dry_run_without_being_saved()
    {
        var client = api.CreateClient();
        var tag = AlertApi.NewTag();
        await DroppingAsync(client, tag);
        var rule = await client.NewRuleAsync("frequency-drop", tag);
        var before = await api.DatabaseFingerprintAsync();

        using var stricter = await client.PostAsync($"/api/v1/alert-rules/{rule["id"]}/dry-run", Requests.Json(new { asOf = RfmApi.Utc(AsOf), rule = new { @params = new { dropThreshold = 0.6 } } }));
        using var draft = await client.PostAsync("/api/v1/alert-rules/dry-run", Requests.Json(new
        {
            asOf = RfmApi.Utc(AsOf),
            rule = new { name = "Draft", kind = "frequency-drop", scope = new { stages = Array.Empty<string>(), tags = new[] { tag } }, @params = new { dropThreshold = 0.5 } },
        }));
        using var invalid = await client.PostAsync("/api/v1/alert-rules/dry-run", Requests.Json(new { rule = new { name = "Draft", kind = "overdue", @params = new { factor = -1 } } }));

        Assert.Equal(0, (await stricter.ReadObjectAsync())["figures"]!["fired"]!.GetValue<int>());
        var drafted = await draft.ReadObjectAsync();
        Assert.Equal(1, drafted["figures"]!["fired"]!.GetValue<int>());
        Assert.Null(drafted["ruleVersion"]?.GetValue<int?>());
        Assert.Contains("rule.params.factor", (await invalid.AssertProblemAsync(400)).ErrorKeys());
        Assert.Equal(before, await api.DatabaseFingerprintAsync());
    }

    [Fact]
    public async Task Segment_entered_fires_on_entering_a_watched_segment_and_not_for_staying_in_it()
    {
        var client = api.CreateClient();
        var tag = AlertApi.NewTag();

        // Recent buyer at the first run, lapsed at the second: the default map scores it into at-risk-like cells.
        var customer = await client.NewTaggedCustomerAsync(tag);
        await client.OrdersAsync(customer, AlertApi.Daily(AlertApi.At("2024-01-01T00:00:00Z"), 6));
        var first = await client.RunAsync(new { asOf = "2024-01-10T00:00:00Z", policy = "quantile" });
        var second = await client.RunAsync(new { asOf = "2025-06-30T00:00:00Z", policy = "quantile" });
        var scores = (await client.GetFromJsonAsync<JsonObject>($"/api/v1/customers/{customer}/rfm"))!;
        var secondSegment = scores["current"]!["segment"]!.GetValue<string>();
        var firstSegment = scores["history"]!.AsArray().Single(h => h!["runId"]!.GetValue<Guid>() == first["id"]!.GetValue<Guid>())!["segment"]!.GetValue<string>();
        Assert.NotEqual(firstSegment, secondSegment); // the history under test: a recent buyer that lapsed
        var rule = await client.NewRuleAsync("segment-entered", tag, new { segments = new[] { secondSegment } });

        var atSecond = await client.EvaluateAsync(rule, AlertApi.At("2025-06-30T00:00:00Z"));
        var third = await client.RunAsync(new { asOf = "2025-07-01T00:00:00Z", policy = "quantile" });
        var atThird = await client.EvaluateAsync(rule, AlertApi.At("2025-07-01T00:00:00Z"));

        Assert.Equal(1, atSecond.Figure("fired"));
        var alert = await client.OnlyAlertAsync(customer);
        Assert.Equal(second["id"]!.GetValue<Guid>(), alert["evidence"]!["rfmRunId"]!.GetValue<Guid>());
        Assert.Equal(first["id"]!.GetValue<Guid>(), alert["evidence"]!["previousRfmRunId"]!.GetValue<Guid>());
        Assert.Equal(secondSegment, alert["evidence"]!["segment"]!.GetValue<string>());
        Assert.Equal(0, atThird.Figure("fired"));
        Assert.Equal(0, atThird.Figure("updated"));
        Assert.Equal(secondSegment, (await client.GetFromJsonAsync<JsonObject>($"/api/v1/customers/{customer}/rfm"))!["current"]!["segment"]!.GetValue<string>());
        Assert.Equal(third["id"]!.GetValue<Guid>(), (await client.GetFromJsonAsync<JsonObject>($"/api/v1/customers/{customer}/rfm"))!["current"]!["runId"]!.GetValue<Guid>());
        Assert.Single(await client.AlertsOfAsync(customer));
    }

    [Fact]
    public async Task An_agent_sees_the_alerts_of_its_customers_and_those_assigned_to_it_and_nobody_elses()
    {
        var admin = api.CreateClient();
        var ada = TestCredentials.UserId("alerts-ada");
        var (own, ownCustomer) = await AlertFixtures.NewOpenAlertAsync(admin, ada);
        var (other, otherCustomer) = await AlertFixtures.NewOpenAlertAsync(admin, TestCredentials.UserId("alerts-grace"));
        var (assigned, _) = await AlertFixtures.NewOpenAlertAsync(admin, TestCredentials.UserId("alerts-grace"));
        using (var assign = await admin.PatchAsync($"/api/v1/alerts/{assigned}", new { assigneeId = ada }))
        {
            Assert.Equal(HttpStatusCode.OK, assign.StatusCode);
        }

        var agent = api.AsRole("agent", ada);
        var listed = (await agent.GetFromJsonAsync<JsonObject>("/api/v1/alerts?limit=200"))!["items"]!.AsArray().Select(a => a!["id"]!.GetValue<Guid>()).ToList();

        Assert.Contains(own, listed);
        Assert.Contains(assigned, listed);
        Assert.DoesNotContain(other, listed);
        Assert.Equal(ada, (await agent.GetFromJsonAsync<JsonObject>($"/api/v1/alerts/{own}"))!["assigneeId"]!.GetValue<Guid>());
        using (var read = await agent.GetAsync($"/api/v1/alerts/{other}"))
        {
            await read.AssertProblemAsync(404);
        }

        using (var act = await agent.PostAsync($"/api/v1/alerts/{other}/acknowledgement", Requests.Json(new { })))
        {
            await act.AssertProblemAsync(404);
        }

        using (var customerList = await agent.GetAsync($"/api/v1/customers/{otherCustomer}/alerts"))
        {
            await customerList.AssertProblemAsync(404);
        }

        using var viewer = await api.AsRole("viewer").PostAsync($"/api/v1/alerts/{own}/acknowledgement", Requests.Json(new { }));
        Assert.Equal(HttpStatusCode.Forbidden, viewer.StatusCode);
        Assert.Single((await agent.GetFromJsonAsync<JsonObject>($"/api/v1/customers/{ownCustomer}/alerts"))!["items"]!.AsArray());
    }

    [Fact]
    public async Task An_alert_joins_the_customers_timeline_at_its_first_detection()
    {
        var client = api.CreateClient();
        var (alert, customer) = await AlertFixtures.NewOpenAlertAsync(client);

        var timeline = await new ApiClient(client).TimelineAsync(customer, 50);

        var item = Assert.Single(timeline, i => i["kind"]!.GetValue<string>() == "alert");
        Assert.Equal(alert, item["id"]!.GetValue<Guid>());
        Assert.Equal(AlertApi.At("2025-06-30T00:00:00Z"), item["occurredAt"]!.GetValue<DateTimeOffset>());
        Assert.Equal("High alert (open): Orders fell 100 %", item["summary"]!.GetValue<string>());
        Assert.Equal("frequency-drop", item["data"]!["kind"]!.GetValue<string>());
        Assert.Equal(0, timeline.IndexOf(item));
    }
}
