using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using CustomerRetention.Api.Tests.Support;

namespace CustomerRetention.Api.Tests.Surveys;

/// <summary>Surveys through the API (SPEC §9.4, §11): defaults, merge-patch with ETags, the one-way status order, bad input and roles.</summary>
public sealed class SurveyTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task A_survey_is_a_draft_with_the_default_throttle_and_expiry_and_is_read_back_with_its_etag()
    {
        using var response = await _client.PostAsync("/api/v1/surveys", Requests.Json(new { type = "csat", name = "Support CSAT", question = "How satisfied are you with our support?" }));
        var survey = await response.ReadObjectAsync();
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal($"/api/v1/surveys/{survey["id"]}", response.Headers.Location!.OriginalString);
        Assert.Equal("draft", survey.Text("status"));
        Assert.Equal(30, survey["throttleDays"]!.GetValue<int>());
        Assert.Equal(14, survey["expiresAfterDays"]!.GetValue<int>());
        Assert.Equal(1, survey["version"]!.GetValue<int>());
        Assert.Equal(survey.Text("etag"), response.Headers.ETag!.ToString());

        using var read = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/surveys/{survey["id"]}");
        read.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Parse(survey.Text("etag")));
        using var notModified = await _client.SendAsync(read);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);

        var events = await api.ScalarAsync<long>($"SELECT count(*) FROM events WHERE type = 'survey.created' AND resource_id = '{survey["id"]}'");
        Assert.Equal(1, events);
    }

    [Fact]
    public async Task Status_moves_draft_to_active_to_archived_and_never_back()
    {
        var survey = await _client.CreateSurveyAsync(status: "draft");
        var id = survey["id"];

        using (var active = await _client.PatchAsync($"/api/v1/surveys/{id}", new { status = "active" }))
        {
            var body = await active.ReadObjectAsync();
            Assert.Equal(HttpStatusCode.OK, active.StatusCode);
            Assert.Equal("active", body.Text("status"));
            Assert.Equal(2, body["version"]!.GetValue<int>());
        }

        using (var typeChange = await _client.PatchAsync($"/api/v1/surveys/{id}", new { type = "csat" }))
        {
            var problem = await typeChange.AssertProblemAsync(409);
            Assert.Equal("survey-type-locked", problem.Text("code"));
        }

        using (var archived = await _client.PatchAsync($"/api/v1/surveys/{id}", new { status = "archived" }))
        {
            Assert.Equal(HttpStatusCode.OK, archived.StatusCode);
        }

        var before = await api.DatabaseFingerprintAsync();
        foreach (var back in new[] { "active", "draft" })
        {
            using var refused = await _client.PatchAsync($"/api/v1/surveys/{id}", new { status = back });
            var problem = await refused.AssertProblemAsync(409);
            Assert.Equal("survey-transition-not-allowed", problem.Text("code"));
        }

        Assert.Equal(before, await api.DatabaseFingerprintAsync());
        var updated = await api.ScalarAsync<long>($"SELECT count(*) FROM events WHERE type = 'survey.updated' AND resource_id = '{id}'");
        Assert.Equal(2, updated);
    }

    [Fact]
    public async Task A_stale_if_match_is_412_and_a_patch_that_changes_nothing_raises_no_version()
    {
        var survey = await _client.CreateSurveyAsync();
        var id = survey["id"];
        using (var same = await _client.PatchAsync($"/api/v1/surveys/{id}", new { name = survey.Text("name") }))
        {
            Assert.Equal(1, (await same.ReadObjectAsync())["version"]!.GetValue<int>());
        }

        using (var changed = await _client.PatchAsync($"/api/v1/surveys/{id}", new { throttleDays = 60 }, ifMatch: survey.Text("etag")))
        {
            Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        }

        using var stale = await _client.PatchAsync($"/api/v1/surveys/{id}", new { throttleDays = 90 }, ifMatch: survey.Text("etag"));
        await stale.AssertProblemAsync(412);
    }

    [Theory]
    [InlineData("""{"name":"No type","question":"Q?"}""", "type")]
    [InlineData("""{"type":"nps","question":"Q?"}""", "name")]
    [InlineData("""{"type":"nps","name":"   ","question":"Q?"}""", "name")]
    [InlineData("""{"type":"ces","name":"N","question":"Q?"}""", "type")]
    [InlineData("""{"type":"nps","name":"N","question":"Q?","throttleDays":-1}""", "throttleDays")]
    [InlineData("""{"type":"nps","name":"N","question":"Q?","expiresAfterDays":0}""", "expiresAfterDays")]
    [InlineData("""{"type":"nps","name":"N","question":"Q?","expiresAfterDays":366}""", "expiresAfterDays")]
    [InlineData("""{"type":"nps","name":"N","question":"Q?","version":3}""", "version")]
    public async Task Bad_input_is_a_400_naming_the_member_and_changes_nothing(string body, string member)
    {
        var before = await api.DatabaseFingerprintAsync();
        using var response = await _client.PostAsync("/api/v1/surveys", Requests.Json(body));
        var problem = await response.AssertProblemAsync(400);
        Assert.Contains(member, problem.ErrorKeys());
        Assert.Equal(before, await api.DatabaseFingerprintAsync());
    }

    [Fact]
    public async Task Managers_manage_surveys_agents_and_viewers_read_them_and_lists_filter_by_status()
    {
        var survey = await api.AsRole("manager").CreateSurveyAsync(status: "draft", name: "Manager's survey");
        using (var agentCreate = await api.AsRole("agent").PostAsync("/api/v1/surveys", Requests.Json(new { type = "nps", name = "N", question = "Q?" })))
        {
            await agentCreate.AssertProblemAsync(403);
        }

        using (var agentPatch = await api.AsRole("agent").PatchAsync($"/api/v1/surveys/{survey["id"]}", new { name = "Mine" }))
        {
            await agentPatch.AssertProblemAsync(403);
        }

        using (var viewerRead = await api.AsRole("viewer").GetAsync($"/api/v1/surveys/{survey["id"]}"))
        {
            Assert.Equal(HttpStatusCode.OK, viewerRead.StatusCode);
        }

        var drafts = JsonNode.Parse(await api.AsRole("agent").GetStringAsync("/api/v1/surveys?status=draft&limit=200"))!["items"]!.AsArray();
        Assert.Contains(drafts, s => s!["id"]!.ToString() == survey["id"]!.ToString());
        Assert.All(drafts, s => Assert.Equal("draft", s!.Text("status")));
        using var unknown = await _client.GetAsync("/api/v1/surveys?status=paused");
        await unknown.AssertProblemAsync(400);
    }
}
