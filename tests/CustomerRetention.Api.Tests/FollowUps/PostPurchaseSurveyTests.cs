using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using CustomerRetention.Api.Tests.Cases;
using CustomerRetention.Api.Tests.Segmentation;
using CustomerRetention.Api.Tests.Support;
using CustomerRetention.Api.Tests.Surveys;

namespace CustomerRetention.Api.Tests.FollowUps;

/// <summary>
/// Post-purchase survey sends (SPEC §9.2 with §9.4): one send per due order, on its due day,
/// throttled like a send through the API and never retried, the open-case skip for both actions,
/// an archived survey skipped, bad bodies refused, and the token handed out once. Each test works
/// in its own months, so the runs of one test never see another's orders.
/// </summary>
public sealed class PostPurchaseSurveyTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private const string Policy = "/api/v1/reminder-policies/post-purchase";

    private readonly HttpClient _client = api.CreateClient();

    private static JsonNode Counts(JsonObject run) => run["results"]!["postPurchase"]!;

    private static long Count(JsonObject run, string member) => Counts(run)[member]!.GetValue<long>();

    private static long Skipped(JsonObject run, string reason) => Counts(run)["skipped"]![reason]!.GetValue<long>();

    private async Task<Guid> SurveyPolicyAsync(int throttleDays = 30, object? skipIf = null)
    {
        var survey = (await _client.CreateSurveyAsync(throttleDays: throttleDays))["id"]!.GetValue<Guid>();
        var policy = await _client.PutAsync(Policy, skipIf is null
            ? new { delayDays = 7, action = "survey-send", surveyId = survey, enabled = true }
            : new { delayDays = 7, action = "survey-send", surveyId = survey, skipIf, enabled = true });
        Assert.Equal("survey-send", policy.Text("action"));
        Assert.Equal(survey.ToString(), policy.Text("surveyId"));
        Assert.Equal("email", policy.Text("channel"));
        return survey;
    }

    private async Task<List<JsonObject>> SendsAsync(Guid survey, Guid customer) =>
        await new ApiClient(_client).AllPagesAsync($"/api/v1/surveys/{survey}/sends?customerId={customer}&limit=200", 200);

    private static DateTimeOffset At(int year, int month, int day, int hour = 10) => new(year, month, day, hour, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_completed_order_gets_one_survey_send_on_its_due_day_not_the_day_before_and_a_refunded_one_none()
    {
        var survey = await SurveyPolicyAsync();
        var customer = await api.CustomerAsync("2020-01-01T00:00:00Z");
        var order = await _client.AddOrderAsync(customer, At(2026, 11, 20), 40m);
        var other = await api.CustomerAsync("2020-01-01T00:00:00Z");
        var refunded = await _client.AddOrderAsync(other, At(2026, 11, 20), 40m);
        await _client.ChangeOrderStatusAsync(refunded, "refunded");

        // Ordered 20 November + 7 days: due 27 November; the run of the 26th sends nothing yet.
        var before = await _client.RunFollowUpsAsync("2026-11-26");
        Assert.Equal(0, Count(before, "surveysSent"));
        Assert.Empty(await SendsAsync(survey, customer));

        var due = await _client.RunFollowUpsAsync("2026-11-27");
        Assert.Equal("survey-send", Counts(due).Text("action"));
        Assert.Equal(1, Count(due, "surveysSent"));
        Assert.Equal(0, Count(due, "surveysThrottled"));
        Assert.Equal(0, Count(due, "created"));
        Assert.Equal(1, Skipped(due, "orderRefunded"));
        var send = (await SendsAsync(survey, customer)).Single();
        Assert.Equal("sent", send.Text("status"));
        Assert.Equal("email", send.Text("channel"));
        Assert.Equal("order", send["context"].Text("type"));
        Assert.Equal(order.ToString(), send["context"].Text("id"));
        Assert.Null(send["token"]);
        Assert.Empty(await SendsAsync(survey, other));
        Assert.Empty(await _client.TasksOfAsync(customer));

        // The event is the API's survey.sent, written by the system, without a token.
        var data = await api.ScalarAsync<string>($"SELECT data::text FROM events WHERE type = 'survey.sent' AND resource_id = '{send["id"]}' AND actor = 'system' AND customer_id = '{customer}'");
        Assert.Equal("sent", JsonNode.Parse(data)!["state"].Text("status"));
        Assert.DoesNotContain("token", data, StringComparison.OrdinalIgnoreCase);

        // Running again (the same day, the next day) sends nothing new.
        var again = await _client.RunFollowUpsAsync("2026-11-27");
        var next = await _client.RunFollowUpsAsync("2026-11-28");
        Assert.Equal(0, Count(again, "surveysSent") + Count(next, "surveysSent") + Count(next, "surveysThrottled"));
        Assert.Single(await SendsAsync(survey, customer));
        Assert.Equal(1, await api.ScalarAsync<long>($"SELECT count(*) FROM events WHERE type = 'survey.sent' AND customer_id = '{customer}'"));
    }

    [Fact]
    public async Task A_second_order_within_the_throttle_is_recorded_throttled_once_and_never_retried()
    {
        var survey = await SurveyPolicyAsync(throttleDays: 30);
        var customer = await api.CustomerAsync("2020-01-01T00:00:00Z");
        await _client.AddOrderAsync(customer, At(2026, 10, 10), 25m);
        await _client.AddOrderAsync(customer, At(2026, 10, 11), 25m);

        // Two orders of one customer due in the same run: the first is sent, the second throttled by it.
        var twice = await api.CustomerAsync("2020-01-01T00:00:00Z");
        await _client.AddOrderAsync(twice, At(2026, 10, 10, 9), 25m);
        await _client.AddOrderAsync(twice, At(2026, 10, 10, 15), 25m);

        var first = await _client.RunFollowUpsAsync("2026-10-17");
        Assert.Equal(2, Count(first, "surveysSent"));
        Assert.Equal(1, Count(first, "surveysThrottled"));
        var pair = (await SendsAsync(survey, twice)).OrderBy(s => s.Text("status")).ToList();
        Assert.Equal(["sent", "throttled"], pair.Select(s => s.Text("status")));
        Assert.Equal(pair[0].Text("id"), pair[1].Text("throttledBy"));

        // The customer's second order falls due the next day: throttled by the send of the first.
        var second = await _client.RunFollowUpsAsync("2026-10-18");
        Assert.Equal(0, Count(second, "surveysSent"));
        Assert.Equal(1, Count(second, "surveysThrottled"));
        var sends = await SendsAsync(survey, customer);
        var sent = sends.Single(s => s.Text("status") == "sent");
        var throttled = sends.Single(s => s.Text("status") == "throttled");
        Assert.Equal(sent.Text("id"), throttled.Text("throttledBy"));
        Assert.Null(throttled["sentAt"]);

        // The throttled order is handled: no retry, however often the job runs.
        var again = await _client.RunFollowUpsAsync("2026-10-18");
        var later = await _client.RunFollowUpsAsync("2026-10-19");
        Assert.Equal(0, Count(again, "surveysThrottled") + Count(later, "surveysThrottled") + Count(later, "surveysSent"));
        Assert.Equal(2, (await SendsAsync(survey, customer)).Count);
        Assert.Equal(1, await api.ScalarAsync<long>($"SELECT count(*) FROM events WHERE type = 'survey.throttled' AND customer_id = '{customer}' AND actor = 'system'"));
    }

    [Fact]
    public async Task A_send_through_the_api_throttles_the_automated_one_as_it_throttles_another_send()
    {
        var survey = await SurveyPolicyAsync(throttleDays: 30);
        var customer = await api.CustomerAsync("2020-01-01T00:00:00Z");
        var manual = await _client.SendAsync(survey, customer);
        await _client.AddOrderAsync(customer, At(2026, 9, 1), 25m);

        var run = await _client.RunFollowUpsAsync("2026-09-08");
        Assert.Equal(1, Count(run, "surveysThrottled"));
        var automated = (await SendsAsync(survey, customer)).Single(s => s.Text("id") != manual.Text("id"));
        Assert.Equal("throttled", automated.Text("status"));
        Assert.Equal(manual.Text("id"), automated.Text("throttledBy"));
    }

    [Fact]
    public async Task An_open_case_skips_the_order_for_both_actions_and_a_solved_case_does_not()
    {
        var survey = await SurveyPolicyAsync();
        var withOpenCase = await api.CustomerAsync("2020-01-01T00:00:00Z");
        await _client.OpenCaseAsync(withOpenCase);
        var withSolvedCase = await api.CustomerAsync("2020-01-01T00:00:00Z");
        var solved = await _client.OpenCaseAsync(withSolvedCase);
        await _client.PatchCaseAsync(solved, new { status = "solved", resolution = new { summary = "Replaced the item", compensation = "none" } });
        await _client.AddOrderAsync(withOpenCase, At(2026, 8, 1), 30m);
        await _client.AddOrderAsync(withSolvedCase, At(2026, 8, 1), 30m);

        var run = await _client.RunFollowUpsAsync("2026-08-08");
        Assert.Equal(1, Skipped(run, "openCase"));
        Assert.Equal(1, Count(run, "surveysSent"));
        Assert.Empty(await SendsAsync(survey, withOpenCase));
        Assert.Single(await SendsAsync(survey, withSolvedCase));

        // The task action skips the same way: no feedback task while the case is open.
        await _client.PutAsync(Policy, new { delayDays = 7, action = "task", enabled = true });
        var tasks = await _client.RunFollowUpsAsync("2026-08-08");
        Assert.Equal(1, Skipped(tasks, "openCase"));
        Assert.Equal(0, Count(tasks, "created"));
        Assert.Empty(await _client.TasksOfAsync(withOpenCase, "&source=post-purchase"));

        // Without open-case among skipIf the order gets its task although the case is open.
        await _client.PutAsync(Policy, new { delayDays = 7, action = "task", skipIf = new[] { "order-cancelled", "order-refunded" }, enabled = true });
        var unskipped = await _client.RunFollowUpsAsync("2026-08-08");
        Assert.Equal(0, Skipped(unskipped, "openCase"));
        Assert.Equal(1, Count(unskipped, "created"));
        Assert.Single(await _client.TasksOfAsync(withOpenCase, "&source=post-purchase"));
        Assert.Empty(await _client.TasksOfAsync(withSolvedCase, "&source=post-purchase"));
    }

    [Fact]
    public async Task An_archived_survey_is_skipped_and_counted_without_failing_the_run()
    {
        var survey = await SurveyPolicyAsync();
        var customer = await api.CustomerAsync("2020-01-01T00:00:00Z");
        await _client.AddOrderAsync(customer, At(2026, 7, 1), 30m);
        using (var archive = await _client.PatchAsync($"/api/v1/surveys/{survey}", new { status = "archived" }))
        {
            Assert.Equal(HttpStatusCode.OK, archive.StatusCode);
        }

        var run = await _client.RunFollowUpsAsync("2026-07-08");
        Assert.Equal(1, Skipped(run, "surveyUnavailable"));
        Assert.Equal(0, Count(run, "surveysSent"));
        Assert.Empty(await SendsAsync(survey, customer));

        // The policy keeps naming it (GET shows it), but a PUT naming an archived survey is refused.
        var before = await api.DatabaseFingerprintAsync();
        using var response = await _client.PutAsync(Policy, Requests.Json(new { action = "survey-send", surveyId = survey, enabled = true }));
        var problem = await response.AssertProblemAsync(400);
        Assert.Contains("archived", problem["errors"]!["surveyId"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(before, await api.DatabaseFingerprintAsync());
    }

    [Theory]
    [InlineData("{\"action\":\"survey-send\",\"enabled\":true}", "surveyId")]
    [InlineData("{\"action\":\"survey-send\",\"surveyId\":\"0195f4a1-0000-7000-8000-000000000001\"}", "surveyId")]
    [InlineData("{\"action\":\"task\",\"surveyId\":\"0195f4a1-0000-7000-8000-000000000001\"}", "surveyId")]
    [InlineData("{\"action\":\"task\",\"channel\":\"email\"}", "channel")]
    [InlineData("{\"action\":\"survey-send\",\"surveyId\":\"SURVEY\",\"channel\":\"phone\"}", "channel")]
    [InlineData("{\"action\":\"mail\"}", "action")]
    public async Task Bad_policy_bodies_are_400_and_change_nothing(string body, string path)
    {
        var survey = (await _client.CreateSurveyAsync())["id"]!.ToString();
        var before = await api.DatabaseFingerprintAsync();
        using var content = new StringContent(body.Replace("SURVEY", survey, StringComparison.Ordinal), Encoding.UTF8, "application/json");
        using var response = await _client.PutAsync(Policy, content);
        var problem = await response.AssertProblemAsync(400);
        Assert.True(problem["errors"]![path] is not null, problem.ToJsonString());
        Assert.Equal(before, await api.DatabaseFingerprintAsync());
    }

    [Fact]
    public async Task The_integration_gets_an_automated_sends_token_once_and_the_customer_answers_with_it()
    {
        var survey = await SurveyPolicyAsync();
        var customer = await api.CustomerAsync("2020-01-01T00:00:00Z");
        await _client.AddOrderAsync(customer, At(2026, 6, 1), 30m);
        await _client.AddOrderAsync(customer, At(2026, 6, 1, 12), 30m);
        await _client.RunFollowUpsAsync("2026-06-08");
        var sends = await SendsAsync(survey, customer);
        var send = sends.Single(s => s.Text("status") == "sent");
        var throttled = sends.Single(s => s.Text("status") == "throttled");
        Assert.Equal(0, await api.ScalarAsync<long>($"SELECT count(*) FROM survey_sends WHERE id = '{send["id"]}' AND token_hash IS NOT NULL"));

        using var issued = await _client.PostAsync($"/api/v1/surveys/{survey}/sends/{send["id"]}/token", null);
        Assert.Equal(HttpStatusCode.OK, issued.StatusCode);
        var body = await issued.ReadObjectAsync();
        var token = body.Text("token")!;
        Assert.StartsWith("svy_", token, StringComparison.Ordinal);
        Assert.Equal(send.Text("expiresAt"), body.Text("expiresAt"));
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
        Assert.Equal(hash, await api.ScalarAsync<string>($"SELECT token_hash FROM survey_sends WHERE id = '{send["id"]}'"));
        var data = await api.ScalarAsync<string>($"SELECT data::text FROM events WHERE type = 'survey.token-issued' AND resource_id = '{send["id"]}'");
        Assert.DoesNotContain(token, data, StringComparison.Ordinal);

        // Once only; never for a throttled send, a send made through the API, or another survey's send.
        using var second = await _client.PostAsync($"/api/v1/surveys/{survey}/sends/{send["id"]}/token", null);
        Assert.Equal("survey-token-issued", (await second.AssertProblemAsync(409)).Text("code"));
        using var notOpen = await _client.PostAsync($"/api/v1/surveys/{survey}/sends/{throttled["id"]}/token", null);
        Assert.Equal("survey-send-not-open", (await notOpen.AssertProblemAsync(409)).Text("code"));
        var manual = await _client.SendAsync(survey, await api.CustomerAsync("2020-01-01T00:00:00Z"));
        using var manualToken = await _client.PostAsync($"/api/v1/surveys/{survey}/sends/{manual["id"]}/token", null);
        Assert.Equal("survey-token-issued", (await manualToken.AssertProblemAsync(409)).Text("code"));
        var otherSurvey = (await _client.CreateSurveyAsync())["id"];
        using var elsewhere = await _client.PostAsync($"/api/v1/surveys/{otherSurvey}/sends/{send["id"]}/token", null);
        await elsewhere.AssertProblemAsync(404);

        // An agent reaches the sends of its own customers only.
        using var agent = await api.AsRole("agent").PostAsync($"/api/v1/surveys/{survey}/sends/{send["id"]}/token", null);
        await agent.AssertProblemAsync(404);

        // The customer answers with the token through the public endpoint.
        using var answer = await api.CreateAnonymousClient().SubmitAsync(token, new { score = 9, comment = "Quick delivery" });
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("responded", (await SendsAsync(survey, customer)).Single(s => s.Text("id") == send.Text("id")).Text("status"));
    }
}
