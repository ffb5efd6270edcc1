using System.Net;
using System.Text.Json.Nodes;
using CustomerRetention.Api.Tests.Support;
using CustomerRetention.Application.Surveys;
using CustomerRetention.Infrastructure.Persistence;
using CustomerRetention.Infrastructure.Surveys;
using Microsoft.Extensions.DependencyInjection;

namespace CustomerRetention.Api.Tests.Surveys;

/// <summary>
/// Sends (SPEC §9.4): only an active survey sends; the token is returned once and only its hash
/// is stored; the throttle exactly at and just inside throttleDays; concurrent sends to one
/// customer; expiry by the job and before it.
/// </summary>
public sealed class SurveySendTests(SurveyApiFactory api) : IClassFixture<SurveyApiFactory>
{
    private static readonly Guid Ada = TestCredentials.UserId("surveys-ada");
    private static readonly Guid Grace = TestCredentials.UserId("surveys-grace");

    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task A_send_returns_its_token_once_and_stores_only_its_hash()
    {
        var survey = await _client.CreateSurveyAsync(expiresAfterDays: 10);
        var customer = await _client.CustomerAsync();
        using var response = await _client.PostAsync($"/api/v1/surveys/{survey["id"]}/sends", Requests.Json(new { customerId = customer, channel = "sms", context = new { type = "order", id = Guid.CreateVersion7() } }));
        var send = await response.ReadObjectAsync();
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("sent", send.Text("status"));
        var token = send.Text("token");
        Assert.StartsWith(SurveyTokens.Prefix, token, StringComparison.Ordinal);
        Assert.Matches("^svy_[A-Za-z0-9_-]{43}$", token);
        Assert.Equal(DateTimeOffset.Parse(send.Text("sentAt"), System.Globalization.CultureInfo.InvariantCulture).AddDays(10), DateTimeOffset.Parse(send.Text("expiresAt"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("order", send["context"]!.Text("type"));

        Assert.Equal(SurveyTokens.Hash(token), await api.ScalarAsync<string>($"SELECT token_hash FROM survey_sends WHERE id = '{send["id"]}'"));
        Assert.Equal(0, await api.ScalarAsync<long>($"SELECT count(*) FROM events WHERE data::text LIKE '%{token}%'"));
        var listed = JsonNode.Parse(await _client.GetStringAsync($"/api/v1/surveys/{survey["id"]}/sends?customerId={customer}"))!["items"]!.AsArray();
        Assert.Null(Assert.Single(listed)!["token"]);
        Assert.Equal(1, await api.ScalarAsync<long>($"SELECT count(*) FROM events WHERE type = 'survey.sent' AND resource_id = '{send["id"]}'"));
    }

    [Fact]
    public async Task A_draft_or_archived_survey_does_not_send_and_nothing_changes()
    {
        var draft = await _client.CreateSurveyAsync(status: "draft");
        var customer = await _client.CustomerAsync();
        var before = await api.DatabaseFingerprintAsync();
        using var response = await _client.PostSendAsync(draft["id"]!, customer);
        var problem = await response.AssertProblemAsync(409);
        Assert.Equal("survey-not-active", problem.Text("code"));
        Assert.Equal(before, await api.DatabaseFingerprintAsync());
    }

    [Theory]
    [InlineData("""{"channel":"email"}""", "customerId")]
    [InlineData("""{"customerId":"00000000-0000-0000-0000-000000000000","channel":"email"}""", "customerId")]
    [InlineData("""{"customerId":"0193a6f1-7c2e-7b4d-9a31-5f0c2d8e4b17"}""", "channel")]
    [InlineData("""{"customerId":"0193a6f1-7c2e-7b4d-9a31-5f0c2d8e4b17","channel":"pigeon"}""", "channel")]
    [InlineData("""{"customerId":"0193a6f1-7c2e-7b4d-9a31-5f0c2d8e4b17","channel":"email","context":{"type":"order"}}""", "context.id")]
    [InlineData("""{"customerId":"0193a6f1-7c2e-7b4d-9a31-5f0c2d8e4b17","channel":"email","context":{"type":"invoice","id":"0193a6f1-7c2e-7b4d-9a31-5f0c2d8e4b17"}}""", "context.type")]
    [InlineData("""{"customerId":"0193a6f1-7c2e-7b4d-9a31-5f0c2d8e4b17","channel":"email","token":"svy_mine"}""", "token")]
    public async Task Bad_input_is_a_400_naming_the_member_and_changes_nothing(string body, string member)
    {
        var survey = await _client.CreateSurveyAsync();
        var before = await api.DatabaseFingerprintAsync();
        using var response = await _client.PostAsync($"/api/v1/surveys/{survey["id"]}/sends", Requests.Json(body));
        var problem = await response.AssertProblemAsync(400);
        Assert.Contains(member, problem.ErrorKeys());
        Assert.Equal(before, await api.DatabaseFingerprintAsync());
    }

    [Theory]
    [InlineData(0, "sent")]
    [InlineData(1, "throttled")]
    public async Task A_send_exactly_throttle_days_after_the_last_is_sent_and_one_just_inside_is_throttled(int microsecondsInside, string expected)
    {
        var now = DateTimeOffset.UtcNow;
        api.Clock.Frozen = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, now.Second, TimeSpan.Zero);
        try
        {
            var first = await _client.CreateSurveyAsync(throttleDays: 30);
            var second = await _client.CreateSurveyAsync(throttleDays: 30, name: "Another survey");
            var customer = await _client.CustomerAsync();
            var earlier = await _client.SendAsync(first["id"]!, customer);
            await api.ExecuteAsync(
                $"UPDATE survey_sends SET sent_at = sent_at - interval '30 days' + interval '{microsecondsInside} microseconds' WHERE id = '{earlier["id"]}'");

            var send = await _client.SendAsync(second["id"]!, customer);

            Assert.Equal(expected, send.Text("status"));
            if (expected == "throttled")
            {
                Assert.Null(send["token"]);
                Assert.Equal(earlier.Text("id"), send.Text("throttledBy"));
                Assert.Equal(1, await api.ScalarAsync<long>($"SELECT count(*) FROM events WHERE type = 'survey.throttled' AND resource_id = '{send["id"]}'"));
            }
            else
            {
                Assert.NotNull(send["token"]);
            }
        }
        finally
        {
            api.Clock.Frozen = null;
        }
    }

    [Fact]
    public async Task A_throttled_send_does_not_throttle_the_next_one_and_is_never_retried()
    {
        var survey = await _client.CreateSurveyAsync(throttleDays: 30);
        var customer = await _client.CustomerAsync();
        var sent = await _client.SendAsync(survey["id"]!, customer);
        var throttled = await _client.SendAsync(survey["id"]!, customer);
        Assert.Equal("throttled", throttled.Text("status"));

        // Move the delivered send out of the window: the throttled one does not count for the throttle.
        await api.ExecuteAsync($"UPDATE survey_sends SET sent_at = sent_at - interval '31 days' WHERE id = '{sent["id"]}'");
        var next = await _client.SendAsync(survey["id"]!, customer);
        Assert.Equal("sent", next.Text("status"));
        Assert.Equal("throttled", await api.ScalarAsync<string>($"SELECT status FROM survey_sends WHERE id = '{throttled["id"]}'"));
    }

    [Fact]
    public async Task Concurrent_sends_to_one_customer_are_serialized_so_only_one_is_sent()
    {
        var surveys = new List<JsonObject>();
        for (var i = 0; i < 3; i++)
        {
            surveys.Add(await _client.CreateSurveyAsync(name: $"Concurrent {i}"));
        }

        var customer = await _client.CustomerAsync();
        var clients = Enumerable.Range(0, 8).Select(_ => api.CreateClient()).ToList();
        var sends = await Task.WhenAll(clients.Select((c, i) => c.SendAsync(surveys[i % 3]["id"]!, customer)));

        Assert.Single(sends, s => s.Text("status") == "sent");
        Assert.Equal(7, sends.Count(s => s.Text("status") == "throttled"));
        Assert.Equal(1, await api.ScalarAsync<long>($"SELECT count(*) FROM survey_sends WHERE customer_id = '{customer}' AND status = 'sent'"));
    }

    [Fact]
    public async Task The_expiry_job_expires_sends_past_expires_at_with_an_event_and_a_response_to_one_is_refused()
    {
        var survey = await _client.CreateSurveyAsync(expiresAfterDays: 1);
        var (customer, other) = (await _client.CustomerAsync(), await _client.CustomerAsync());
        var stale = await _client.SendAsync(survey["id"]!, customer);
        var fresh = await _client.SendAsync(survey["id"]!, other);
        await api.ExecuteAsync($"UPDATE survey_sends SET sent_at = sent_at - interval '2 days', expires_at = expires_at - interval '2 days' WHERE id = '{stale["id"]}'");

        // Refused from expiresAt on, before the job ran (and the refusal changes nothing).
        var anonymous = api.CreateAnonymousClient();
        var before = await api.DatabaseFingerprintAsync();
        using (var early = await anonymous.SubmitAsync(stale.Text("token"), new { score = 9 }))
        {
            var problem = await early.AssertProblemAsync(409);
            Assert.Equal("survey-send-expired", problem.Text("code"));
            Assert.DoesNotContain(customer.ToString(), problem.ToJsonString(), StringComparison.Ordinal);
        }

        Assert.Equal(before, await api.DatabaseFingerprintAsync());

        using (var scope = api.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            Assert.Equal(1, await SurveyExpiry.ExpireAsync(db, DateTimeOffset.UtcNow, CancellationToken.None));
            Assert.Equal(0, await SurveyExpiry.ExpireAsync(db, DateTimeOffset.UtcNow, CancellationToken.None));
        }

        Assert.Equal("expired", await api.ScalarAsync<string>($"SELECT status FROM survey_sends WHERE id = '{stale["id"]}'"));
        Assert.Equal("sent", await api.ScalarAsync<string>($"SELECT status FROM survey_sends WHERE id = '{fresh["id"]}'"));
        var data = JsonNode.Parse(await api.ScalarAsync<string>($"SELECT data::text FROM events WHERE type = 'survey.expired' AND resource_id = '{stale["id"]}'"))!;
        Assert.Equal("expired", data["state"]!.Text("status"));
        Assert.Equal(customer.ToString(), data["state"]!.Text("customerId"));
        Assert.Equal(customer, await api.ScalarAsync<Guid>($"SELECT customer_id FROM events WHERE type = 'survey.expired' AND resource_id = '{stale["id"]}'"));
        var expired = JsonNode.Parse(await _client.GetStringAsync($"/api/v1/surveys/{survey["id"]}/sends?status=expired"))!["items"]!.AsArray();
        Assert.Equal(stale.Text("id"), Assert.Single(expired)!.Text("id"));

        using var late = await anonymous.SubmitAsync(stale.Text("token"), new { score = 9 });
        Assert.Equal("survey-send-expired", (await late.AssertProblemAsync(409)).Text("code"));
    }

    [Fact]
    public async Task Agents_send_to_and_list_only_the_customers_they_own()
    {
        var survey = await _client.CreateSurveyAsync();
        var (own, others) = (await _client.CustomerAsync(Ada), await _client.CustomerAsync(Grace));
        var agent = api.AsRole("agent", Ada);
        await agent.SendAsync(survey["id"]!, own);
        await _client.SendAsync(survey["id"]!, others);

        var before = await api.DatabaseFingerprintAsync();
        using (var refused = await agent.PostSendAsync(survey["id"]!, others))
        {
            await refused.AssertProblemAsync(404);
        }

        using (var viewer = await api.AsRole("viewer").PostSendAsync(survey["id"]!, own))
        {
            await viewer.AssertProblemAsync(403);
        }

        Assert.Equal(before, await api.DatabaseFingerprintAsync());
        var listed = JsonNode.Parse(await agent.GetStringAsync($"/api/v1/surveys/{survey["id"]}/sends"))!["items"]!.AsArray();
        Assert.Equal(own.ToString(), Assert.Single(listed)!.Text("customerId"));
        var all = JsonNode.Parse(await api.AsRole("viewer").GetStringAsync($"/api/v1/surveys/{survey["id"]}/sends"))!["items"]!.AsArray();
        Assert.Equal(2, all.Count);
    }
}
