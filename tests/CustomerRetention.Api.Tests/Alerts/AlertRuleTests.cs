using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CustomerRetention.Api.Tests.Support;

namespace CustomerRetention.Api.Tests.Alerts;

/// <summary>Alert rules as resources (SPEC §9.1): the seeded rules, defaults per kind, validation of params per kind, versions, keys, deletion.</summary>
public sealed class AlertRuleTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task A_disabled_rule_of_every_kind_is_seeded_with_the_defaults_of_the_spec()
    {
        var client = api.CreateClient();
        var rules = (await client.GetFromJsonAsync<JsonObject>("/api/v1/alert-rules?limit=200"))!["items"]!.AsArray().Select(r => r!.AsObject()).ToList();
        var seeded = rules.Where(r => r["id"]!.GetValue<string>().StartsWith("0193a000-0000-7000-8000-", StringComparison.Ordinal)).ToDictionary(r => r["kind"]!.GetValue<string>());

        Assert.Equal(["frequency-drop", "nps-detractor", "overdue", "p-alive-low", "segment-entered", "sla-breach", "spend-drift"], seeded.Keys.Order(StringComparer.Ordinal));
        Assert.All(seeded.Values, r => Assert.False(r["enabled"]!.GetValue<bool>()));
        Assert.All(seeded.Values, r => Assert.Equal(1, r["version"]!.GetValue<int>()));
        Assert.All(seeded.Values, r => Assert.Equal(30, r["cooldownDays"]!.GetValue<int>()));
        Assert.All(seeded.Values, r => Assert.Equal(["retention", "expansion", "contraction"], r["scope"]!["stages"]!.AsArray().Select(s => s!.GetValue<string>())));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"windowDays":90,"minPreviousOrders":2,"dropThreshold":0.30}"""), seeded["frequency-drop"]["params"]));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"periodDays":30,"baselinePeriods":6,"minPeriods":3,"threshold":0.15,"direction":"down"}"""), seeded["spend-drift"]["params"]));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"threshold":0.30,"maxModelAgeDays":7}"""), seeded["p-alive-low"]["params"]));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"minOrders":3,"factor":1.5}"""), seeded["overdue"]["params"]));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"segments":["at-risk","cant-lose-them","hibernating"]}"""), seeded["segment-entered"]["params"]));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"maxScore":6}"""), seeded["nps-detractor"]["params"]));
        Assert.Equal(0.60m, seeded["frequency-drop"]["severity"]!["raiseAt"]!.GetValue<decimal>());
        Assert.Equal(["champions", "loyal-customers", "cant-lose-them"], seeded["p-alive-low"]["severity"]!["raiseForSegments"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.True(seeded["overdue"]["autoResolve"]!.GetValue<bool>());
        Assert.False(seeded["segment-entered"]["autoResolve"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_seeded_rule_has_the_canonical_form_so_a_patch_that_changes_nothing_keeps_its_version()
    {
        var client = api.CreateClient();
        foreach (var id in Enumerable.Range(1, 7).Select(i => $"0193a000-0000-7000-8000-00000000000{i}"))
        {
            var before = (await client.GetFromJsonAsync<JsonObject>($"/api/v1/alert-rules/{id}"))!;
            using var response = await client.PatchAsync($"/api/v1/alert-rules/{id}", new { name = before["name"]!.GetValue<string>() });
            var after = await response.ReadObjectAsync();
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(1, after["version"]!.GetValue<int>());
        }
    }

    [Fact]
    public async Task A_new_rule_takes_the_kinds_defaults_and_every_change_increments_its_version_with_an_event()
    {
        var client = api.CreateClient();
        using var created = await client.PostAsync("/api/v1/alert-rules", Requests.Json(new { key = "overdue-regulars", name = "Overdue regulars", kind = "overdue", @params = new { factor = 2 } }));
        var rule = await created.ReadObjectAsync();
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal($"/api/v1/alert-rules/{rule["id"]}", created.Headers.Location!.OriginalString);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"minOrders":3,"factor":2}"""), rule["params"]));
        Assert.False(rule["enabled"]!.GetValue<bool>());
        Assert.True(rule["autoResolve"]!.GetValue<bool>());
        Assert.Equal("medium", rule["severity"]!["base"]!.GetValue<string>());
        Assert.Equal(3m, rule["severity"]!["raiseAt"]!.GetValue<decimal>());
        Assert.Equal(1, rule["version"]!.GetValue<int>());

        using var patched = await client.PatchAsync($"/api/v1/alert-rules/{rule["id"]}", new { @params = new { minOrders = 4 }, enabled = true }, created.Headers.ETag!.Tag);
        var v2 = await patched.ReadObjectAsync();
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        Assert.Equal(2, v2["version"]!.GetValue<int>());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"minOrders":4,"factor":2}"""), v2["params"]));

        using var stale = await client.PatchAsync($"/api/v1/alert-rules/{rule["id"]}", new { name = "Stale" }, created.Headers.ETag!.Tag);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);

        var events = (await client.GetFromJsonAsync<JsonObject>("/api/v1/events?types=alert.*&limit=200"))!["items"]!.AsArray()
            .Where(e => e!["resource"]!["id"]!.GetValue<string>() == rule["id"]!.GetValue<string>()).Select(e => e!["type"]!.GetValue<string>()).ToList();
        Assert.Equal(["alert.rule-created", "alert.rule-updated"], events);
    }

    [Theory]
    [InlineData("""{"key":"a","name":"A","kind":"overdue","params":{"windowDays":30}}""", "params.windowDays")]
    [InlineData("""{"key":"a","name":"A","kind":"frequency-drop","params":{"dropThreshold":0}}""", "params.dropThreshold")]
    [InlineData("""{"key":"a","name":"A","kind":"frequency-drop","params":{"dropThreshold":1.5}}""", "params.dropThreshold")]
    [InlineData("""{"key":"a","name":"A","kind":"frequency-drop","params":{"windowDays":2.5}}""", "params.windowDays")]
    [InlineData("""{"key":"a","name":"A","kind":"spend-drift","params":{"direction":"sideways"}}""", "params.direction")]
    [InlineData("""{"key":"a","name":"A","kind":"spend-drift","params":{"minPeriods":9}}""", "params.minPeriods")]
    [InlineData("""{"key":"a","name":"A","kind":"segment-entered","params":{"segments":[]}}""", "params.segments")]
    [InlineData("""{"key":"a","name":"A","kind":"segment-entered","params":{"segments":["nowhere"]}}""", "params.segments[0]")]
    [InlineData("""{"key":"a","name":"A","kind":"overdue","scope":{"segments":["at-rsk"]}}""", "scope.segments[0]")]
    [InlineData("""{"key":"a","name":"A","kind":"overdue","severity":{"raiseForSegments":["champions"]}}""", "severity.raiseForSegments")]
    [InlineData("""{"key":"a","name":"A","kind":"overdue","severity":{"base":"high","raised":"low"}}""", "severity.raised")]
    [InlineData("""{"key":"a","name":"A","kind":"sla-breach","severity":{"base":"high"}}""", "severity")]
    [InlineData("""{"key":"Not A Slug","name":"A","kind":"overdue"}""", "key")]
    [InlineData("""{"key":"a","name":"A","kind":"overdue","cooldownDays":-1}""", "cooldownDays")]
    [InlineData("""{"key":"a","name":"A","kind":"overdue","actionsOnOpen":[{"type":"email-blast"}]}""", "actionsOnOpen[0].type")]
    [InlineData("""{"key":"a","name":"A"}""", "kind")]
    [InlineData("""{"key":"a","name":"A","kind":"overdue","scope":{"segments":[null]}}""", "scope.segments")]
    [InlineData("""{"key":"a","name":"A","kind":"overdue","actionsOnOpen":[null]}""", "actionsOnOpen[0]")]
    public async Task A_bad_rule_is_a_400_naming_the_member_and_changes_nothing(string body, string member)
    {
        var client = api.CreateClient();
        var before = await api.DatabaseFingerprintAsync();

        using var response = await client.PostAsync("/api/v1/alert-rules", Requests.Json(body));

        var problem = await response.AssertProblemAsync(400);
        Assert.Contains(member, problem.ErrorKeys());
        Assert.Equal(before, await api.DatabaseFingerprintAsync());
    }

    [Fact]
    public async Task A_key_names_one_live_rule_and_a_deleted_rules_key_can_be_used_again()
    {
        var client = api.CreateClient();
        var body = new { key = "twice", name = "Twice", kind = "overdue" };
        using var first = await client.PostAsync("/api/v1/alert-rules", Requests.Json(body));
        var rule = await first.ReadObjectAsync();
        using (var second = await client.PostAsync("/api/v1/alert-rules", Requests.Json(body)))
        {
            var problem = await second.AssertProblemAsync(409);
            Assert.Equal("alert-rule-key-taken", problem["code"]!.GetValue<string>());
        }

        using (var deleted = await client.DeleteAsync($"/api/v1/alert-rules/{rule["id"]}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        using (var gone = await client.GetAsync($"/api/v1/alert-rules/{rule["id"]}"))
        {
            await gone.AssertProblemAsync(404);
        }

        using var again = await client.PostAsync("/api/v1/alert-rules", Requests.Json(body));
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
    }

    [Fact]
    public async Task The_kind_of_a_rule_cannot_change_and_event_kinds_and_disabled_rules_are_not_evaluated_on_demand()
    {
        var client = api.CreateClient();
        using (var patched = await client.PatchAsync("/api/v1/alert-rules/0193a000-0000-7000-8000-000000000004", new { kind = "frequency-drop" }))
        {
            Assert.Contains("kind", (await patched.AssertProblemAsync(400)).ErrorKeys());
        }

        using (var disabled = await client.PostAsync("/api/v1/alert-rules/0193a000-0000-7000-8000-000000000004/evaluations", Requests.Json(new { })))
        {
            Assert.Equal("alert-rule-disabled", (await disabled.AssertProblemAsync(409))["code"]!.GetValue<string>());
        }

        var nps = await client.NewRuleAsync("nps-detractor", AlertApi.NewTag());
        using var evaluation = await client.PostAsync($"/api/v1/alert-rules/{nps["id"]}/evaluations", Requests.Json(new { }));
        Assert.Equal("alert-rule-not-evaluable", (await evaluation.AssertProblemAsync(409))["code"]!.GetValue<string>());

        using var future = await client.PostAsync($"/api/v1/alert-rules/{nps["id"]}/dry-run", Requests.Json(new { asOf = "2999-01-01T00:00:00Z" }));
        Assert.Contains("asOf", (await future.AssertProblemAsync(400)).ErrorKeys());
    }

    [Theory]
    [InlineData("viewer")]
    [InlineData("agent")]
    public async Task Only_managers_and_admins_change_rules(string role)
    {
        var client = api.AsRole(role);
        var before = await api.DatabaseFingerprintAsync();

        using var response = await client.PostAsync("/api/v1/alert-rules", Requests.Json(new { key = "not-mine", name = "No", kind = "overdue" }));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(before, await api.DatabaseFingerprintAsync());
        using var read = await client.GetAsync("/api/v1/alert-rules");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
    }
}
