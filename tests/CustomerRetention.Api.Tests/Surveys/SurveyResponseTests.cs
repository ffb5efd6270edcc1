using System.Net;
using System.Text.Json.Nodes;
using CustomerRetention.Api.Tests.Support;

namespace CustomerRetention.Api.Tests.Surveys;

/// <summary>
/// Responses (SPEC §9.4): through the public token endpoint (anonymous, single use) and by agents;
/// each records one survey interaction (on the timeline once) and a snapshot of the stage; the
/// score's scale follows the survey's type; bad input and refusals change nothing.
/// </summary>
public sealed class SurveyResponseTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private static readonly Guid Ada = TestCredentials.UserId("responses-ada");
    private static readonly Guid Grace = TestCredentials.UserId("responses-grace");

    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task A_public_response_records_a_survey_interaction_and_the_stage_and_a_second_submit_is_409()
    {
        var survey = await _client.CreateSurveyAsync(name: "Post-purchase NPS");
        var customer = await _client.CustomerAsync();
        var send = await _client.SendAsync(survey["id"]!, customer, channel: "web");
        var anonymous = api.CreateAnonymousClient();

        using (var submitted = await anonymous.SubmitAsync(send.Text("token"), new { score = 3, comment = "Late delivery." }))
        {
            var receipt = await submitted.ReadObjectAsync();
            Assert.Equal(HttpStatusCode.OK, submitted.StatusCode);
            Assert.Equal(3, receipt["score"]!.GetValue<int>());
            Assert.Null(receipt["customerId"]);
            Assert.Null(receipt["surveyId"]);
        }

        var before = await api.DatabaseFingerprintAsync();
        using (var again = await anonymous.SubmitAsync(send.Text("token"), new { score = 10 }))
        {
            var problem = await again.AssertProblemAsync(409);
            Assert.Equal("survey-already-answered", problem.Text("code"));
            Assert.DoesNotContain(customer.ToString(), problem.ToJsonString(), StringComparison.Ordinal);
        }

        Assert.Equal(before, await api.DatabaseFingerprintAsync());

        var response = Assert.Single(JsonNode.Parse(await _client.GetStringAsync($"/api/v1/surveys/{survey["id"]}/responses"))!["items"]!.AsArray())!;
        Assert.Equal("public", response.Text("source"));
        Assert.Equal("detractor", response.Text("category"));
        Assert.Equal("web", response.Text("channel"));
        Assert.Equal(send.Text("id"), response.Text("sendId"));
        Assert.Equal("awareness", response["snapshot"]!.Text("stage"));
        Assert.Null(response["snapshot"]!["segment"]);

        var interactions = JsonNode.Parse(await _client.GetStringAsync($"/api/v1/customers/{customer}/interactions"))!["items"]!.AsArray();
        var interaction = Assert.Single(interactions)!;
        Assert.Equal(response.Text("interactionId"), interaction.Text("id"));
        Assert.Equal("survey", interaction.Text("type"));
        Assert.Equal("inbound", interaction.Text("direction"));
        Assert.Equal("web", interaction.Text("channel"));
        Assert.Equal(3, interaction["npsScore"]!.GetValue<int>());
        Assert.Null(interaction["satisfaction"]);
        Assert.Equal("Late delivery.", interaction.Text("notes"));

        var timeline = JsonNode.Parse(await _client.GetStringAsync($"/api/v1/customers/{customer}/timeline"))!["items"]!.AsArray();
        Assert.Single(timeline, item => item!.ToJsonString().Contains(response.Text("interactionId"), StringComparison.Ordinal));

        Assert.Equal("responded", await api.ScalarAsync<string>($"SELECT status FROM survey_sends WHERE id = '{send["id"]}'"));
        var data = JsonNode.Parse(await api.ScalarAsync<string>($"SELECT data::text FROM events WHERE type = 'survey.response-received' AND resource_id = '{response["id"]}'"))!["state"]!;
        Assert.Equal("nps", data.Text("surveyType"));
        Assert.Equal(3, data["score"]!.GetValue<int>());
        Assert.Equal(customer.ToString(), data.Text("customerId"));
        Assert.Equal(survey.Text("id"), data.Text("surveyId"));
        Assert.Equal("awareness", data["snapshot"]!.Text("stage"));
        Assert.Equal("anonymous", await api.ScalarAsync<string>($"SELECT actor FROM events WHERE type = 'survey.response-received' AND resource_id = '{response["id"]}'"));
    }

    [Fact]
    public async Task Concurrent_submits_of_one_token_take_exactly_one_response()
    {
        var survey = await _client.CreateSurveyAsync();
        var send = await _client.SendAsync(survey["id"]!, await _client.CustomerAsync());
        var clients = Enumerable.Range(0, 6).Select(_ => api.CreateAnonymousClient()).ToList();
        var responses = await Task.WhenAll(clients.Select(c => c.SubmitAsync(send.Text("token"), new { score = 8 })));
        try
        {
            Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
            Assert.Equal(5, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
            Assert.Equal(1, await api.ScalarAsync<long>($"SELECT count(*) FROM survey_responses WHERE send_id = '{send["id"]}'"));
        }
        finally
        {
            foreach (var r in responses)
            {
                r.Dispose();
            }
        }
    }

    [Theory]
    [InlineData("svy_unknownunknownunknownunknownunknownunknownun")]
    [InlineData("not-a-token")]
    [InlineData("svy_")]
    public async Task An_unknown_token_is_a_404_that_reveals_nothing(string token)
    {
        var before = await api.DatabaseFingerprintAsync();
        using var response = await api.CreateAnonymousClient().SubmitAsync(token, new { score = 9 });
        var problem = await response.AssertProblemAsync(404);
        Assert.Equal("No survey answers to this token.", problem.Text("detail"));
        Assert.Equal(before, await api.DatabaseFingerprintAsync());
    }

    [Theory]
    [InlineData("nps", 11, 400)]
    [InlineData("nps", -1, 400)]
    [InlineData("csat", 0, 409)]
    [InlineData("csat", 6, 409)]
    public async Task A_score_off_the_surveys_scale_is_refused_and_changes_nothing(string type, int score, int status)
    {
        var survey = await _client.CreateSurveyAsync(type: type);
        var send = await _client.SendAsync(survey["id"]!, await _client.CustomerAsync());
        var before = await api.DatabaseFingerprintAsync();
        using var response = await api.CreateAnonymousClient().SubmitAsync(send.Text("token"), new { score });
        var problem = await response.AssertProblemAsync(status);
        if (status == 409)
        {
            Assert.Equal("survey-score-out-of-range", problem.Text("code"));
        }
        else
        {
            Assert.Contains("score", problem.ErrorKeys());
        }

        Assert.Equal(before, await api.DatabaseFingerprintAsync());
    }

    [Fact]
    public async Task An_agent_records_a_csat_response_for_its_own_customer_only()
    {
        var survey = await _client.CreateSurveyAsync(type: "csat", name: "Support CSAT");
        var (own, others) = (await _client.CustomerAsync(Ada), await _client.CustomerAsync(Grace));
        var agent = api.AsRole("agent", Ada);

        var response = await agent.RespondAsync(own, new { surveyId = survey["id"], score = 4, comment = "Helpful", channel = "phone", respondedAt = "2026-01-15T10:00:00Z" });
        Assert.Equal("agent", response.Text("source"));
        Assert.Equal("satisfied", response.Text("category"));
        Assert.Equal("2026-01-15T10:00:00Z", response.Text("respondedAt"));
        var interaction = JsonNode.Parse(await agent.GetStringAsync($"/api/v1/interactions/{response["interactionId"]}"))!;
        Assert.Equal(4, interaction["satisfaction"]!.GetValue<int>());
        Assert.Null(interaction["npsScore"]);
        Assert.Equal("phone", interaction.Text("channel"));
        Assert.Equal("2026-01-15T10:00:00Z", interaction.Text("occurredAt"));

        var before = await api.DatabaseFingerprintAsync();
        using (var refused = await agent.PostResponseAsync(others, new { surveyId = survey["id"], score = 4 }))
        {
            await refused.AssertProblemAsync(404);
        }

        using (var viewer = await api.AsRole("viewer").PostResponseAsync(own, new { surveyId = survey["id"], score = 4 }))
        {
            await viewer.AssertProblemAsync(403);
        }

        Assert.Equal(before, await api.DatabaseFingerprintAsync());
        var listed = JsonNode.Parse(await agent.GetStringAsync($"/api/v1/surveys/{survey["id"]}/responses"))!["items"]!.AsArray();
        Assert.Equal(own.ToString(), Assert.Single(listed)!.Text("customerId"));
    }

    [Fact]
    public async Task An_agent_answers_a_send_which_then_takes_no_second_response()
    {
        var survey = await _client.CreateSurveyAsync();
        var customer = await _client.CustomerAsync();
        var send = await _client.SendAsync(survey["id"]!, customer, channel: "sms");
        var response = await _client.RespondAsync(customer, new { sendId = send["id"], score = 10 });
        Assert.Equal("sms", response.Text("channel"));
        Assert.Equal("promoter", response.Text("category"));

        var stranger = await _client.CustomerAsync();
        var before = await api.DatabaseFingerprintAsync();
        using (var again = await _client.PostResponseAsync(customer, new { sendId = send["id"], score = 9 }))
        {
            Assert.Equal("survey-already-answered", (await again.AssertProblemAsync(409)).Text("code"));
        }

        using (var viaToken = await api.CreateAnonymousClient().SubmitAsync(send.Text("token"), new { score = 9 }))
        {
            Assert.Equal("survey-already-answered", (await viaToken.AssertProblemAsync(409)).Text("code"));
        }

        using (var otherCustomer = await _client.PostResponseAsync(stranger, new { sendId = send["id"], score = 9 }))
        {
            await otherCustomer.AssertProblemAsync(404);
        }

        Assert.Equal(before, await api.DatabaseFingerprintAsync());
    }

    [Theory]
    [InlineData("""{"score":9}""", "surveyId")]
    [InlineData("""{"surveyId":"0193a6f1-7c2e-7b4d-9a31-5f0c2d8e4b17","sendId":"0193a6f1-7c2e-7b4d-9a31-5f0c2d8e4b17","score":9}""", "surveyId")]
    [InlineData("""{"surveyId":"0193a6f1-7c2e-7b4d-9a31-5f0c2d8e4b17"}""", "score")]
    [InlineData("""{"surveyId":"0193a6f1-7c2e-7b4d-9a31-5f0c2d8e4b17","score":"nine"}""", "score")]
    [InlineData("""{"surveyId":"0193a6f1-7c2e-7b4d-9a31-5f0c2d8e4b17","score":9,"channel":"fax"}""", "channel")]
    [InlineData("""{"surveyId":"0193a6f1-7c2e-7b4d-9a31-5f0c2d8e4b17","score":9,"respondedAt":"2199-12-31T00:00:00Z"}""", "respondedAt")]
    [InlineData("""{"surveyId":"0193a6f1-7c2e-7b4d-9a31-5f0c2d8e4b17","score":9,"snapshot":{}}""", "snapshot")]
    public async Task Bad_input_to_an_agent_response_is_a_400_naming_the_member_and_changes_nothing(string body, string member)
    {
        var customer = await _client.CustomerAsync();
        var before = await api.DatabaseFingerprintAsync();
        using var response = await _client.PostAsync($"/api/v1/customers/{customer}/survey-responses", Requests.Json(body));
        var problem = await response.AssertProblemAsync(400);
        Assert.Contains(member, problem.ErrorKeys());
        Assert.Equal(before, await api.DatabaseFingerprintAsync());
    }

    [Fact]
    public async Task A_draft_survey_takes_no_agent_response()
    {
        var survey = await _client.CreateSurveyAsync(status: "draft");
        var customer = await _client.CustomerAsync();
        var before = await api.DatabaseFingerprintAsync();
        using var response = await _client.PostResponseAsync(customer, new { surveyId = survey["id"], score = 9 });
        Assert.Equal("survey-not-active", (await response.AssertProblemAsync(409)).Text("code"));
        Assert.Equal(before, await api.DatabaseFingerprintAsync());
    }
}
