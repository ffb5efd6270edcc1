using System.Net;
using System.Text.Json.Nodes;
using CustomerRetention.Api.Tests.Support;

namespace CustomerRetention.Api.Tests.FollowUps;

/// <summary>Cadence and reminder policies: the seeded defaults, validation as RFC 9457 problems, versions, and runs that never make a task twice.</summary>
public sealed class PolicyTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task The_example_cadence_and_the_reminder_defaults_are_seeded_disabled()
    {
        var list = JsonNode.Parse(await _client.GetStringAsync("/api/v1/cadence-policies"))!["items"]!.AsArray();
        var example = list.Single(p => p!.Text("name") == "Keep in touch by value")!;
        Assert.False(example["enabled"]!.GetValue<bool>());
        Assert.Equal(30, example["tiers"]![0]!["intervalDays"]!.GetValue<int>());
        Assert.Equal(90, example["tiers"]![1]!["intervalDays"]!.GetValue<int>());
        Assert.Equal(6, example["touchTypes"]!.AsArray().Count);

        var birthday = JsonNode.Parse(await _client.GetStringAsync("/api/v1/reminder-policies/birthday"))!;
        Assert.Equal(3, birthday["leadDays"]!.GetValue<int>());
        Assert.Equal("call", birthday.Text("taskType"));
        Assert.Equal("feb28", birthday.Text("feb29"));
        Assert.False(birthday["enabled"]!.GetValue<bool>());
        var postPurchase = JsonNode.Parse(await _client.GetStringAsync("/api/v1/reminder-policies/post-purchase"))!;
        Assert.Equal(7, postPurchase["delayDays"]!.GetValue<int>());
        Assert.Equal("task", postPurchase.Text("action"));
        Assert.Equal(["order-cancelled", "order-refunded", "open-case"], postPurchase["skipIf"]!.AsArray().Select(s => s!.GetValue<string>()));
    }

    [Theory]
    [InlineData("""{"name":"No tiers","tiers":[]}""", "tiers")]
    [InlineData("""{"name":"Both","tiers":[{"name":"t","segments":["champions"],"minClv":100,"intervalDays":30}]}""", "tiers[0].segments")]
    [InlineData("""{"name":"Interval","tiers":[{"name":"t","intervalDays":0}]}""", "tiers[0].intervalDays")]
    [InlineData("""{"name":"Segment","tiers":[{"name":"t","segments":["Not A Key"],"intervalDays":30}]}""", "tiers[0].segments[0]")]
    [InlineData("""{"name":"Same","tiers":[{"name":"t","intervalDays":30},{"name":"t","intervalDays":60}]}""", "tiers")]
    [InlineData("""{"name":"Stage","scope":{"stages":["sleeping"]},"tiers":[{"name":"t","intervalDays":30}]}""", "scope.stages[0]")]
    [InlineData("""{"name":"Touch","tiers":[{"name":"t","intervalDays":30}],"touchTypes":[{"channel":"pigeon","direction":"outbound"}]}""", "touchTypes[0].channel")]
    [InlineData("""{"tiers":[{"name":"t","intervalDays":30}]}""", "name")]
    public async Task A_bad_cadence_policy_is_a_problem_naming_the_member_and_changes_nothing(string body, string member)
    {
        var before = await api.DatabaseFingerprintAsync();
        using var response = await _client.PostAsync("/api/v1/cadence-policies", Requests.Json(body));
        var problem = await response.AssertProblemAsync(400);
        Assert.True(problem.ErrorKeys().Contains(member), problem.ToJsonString());
        Assert.Equal(before, await api.DatabaseFingerprintAsync());
    }

    [Fact]
    public async Task A_policy_change_raises_its_version_and_a_delete_is_404_afterwards()
    {
        var policy = await _client.CadencePolicyAsync("versioned", new[] { new { name = "all", intervalDays = 30 } });
        Assert.Equal(1, policy["version"]!.GetValue<int>());
        using (var patch = await _client.PatchAsync($"/api/v1/cadence-policies/{policy["id"]}", new { tiers = new[] { new { name = "all", intervalDays = 60 } } }, policy.Text("etag")))
        {
            var patched = await patch.ReadObjectAsync();
            Assert.True(patch.IsSuccessStatusCode, patched.ToJsonString());
            Assert.Equal(2, patched["version"]!.GetValue<int>());
        }

        using (var delete = await _client.DeleteAsync($"/api/v1/cadence-policies/{policy["id"]}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        }

        using var missing = await _client.GetAsync($"/api/v1/cadence-policies/{policy["id"]}");
        await missing.AssertProblemAsync(404);
    }
}

/// <summary>Follow-up runs are idempotent by construction (SPEC §9): unique partial indexes, not in-memory checks.</summary>
public sealed class FollowUpRunIdempotencyTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task Running_the_same_day_twice_and_on_two_instances_at_once_creates_each_task_once()
    {
        var tag = "twice" + Guid.NewGuid().ToString("N")[..8];
        await _client.CadencePolicyAsync(tag, new[] { new { name = "all", intervalDays = 30 } });
        await _client.PutAsync("/api/v1/reminder-policies/birthday", new { leadDays = 3, enabled = true });
        for (var i = 0; i < 20; i++)
        {
            await api.CustomerAsync("2026-01-01T10:00:00Z", [tag], birthday: "1990-01-30");
        }

        await using var second = new TestHostFactory().WithWebHostBuilder(builder => ApiFactory.ConfigureTestHost(builder, api.ConnectionString));
        var other = second.CreateClient();
        var runs = await Task.WhenAll(_client.StartFollowUpsAsync("2026-01-25"), other.StartFollowUpsAsync("2026-01-25"), _client.StartFollowUpsAsync("2026-01-25"));
        foreach (var run in runs)
        {
            var done = await _client.WaitForFollowUpsAsync(run["id"]!.GetValue<Guid>());
            Assert.True(done.Text("status") == "succeeded", done.ToJsonString());
        }

        Assert.Equal(40, await api.ScalarAsync<long>($"SELECT count(*) FROM follow_up_tasks t JOIN customers c ON c.id = t.customer_id WHERE '{tag}' = ANY(c.tags)"));
        Assert.Equal(0, await api.ScalarAsync<long>("SELECT count(*) FROM (SELECT dedupe_key FROM follow_up_tasks GROUP BY dedupe_key HAVING count(*) > 1) d"));
        Assert.Equal(
            await api.ScalarAsync<long>("SELECT count(*) FROM follow_up_tasks"),
            await api.ScalarAsync<long>("SELECT count(*) FROM events WHERE type = 'task.created'"));
        await _client.RunFollowUpsAsync("2026-01-25");
        Assert.Equal(40, await api.ScalarAsync<long>($"SELECT count(*) FROM follow_up_tasks t JOIN customers c ON c.id = t.customer_id WHERE '{tag}' = ANY(c.tags)"));
    }
}
