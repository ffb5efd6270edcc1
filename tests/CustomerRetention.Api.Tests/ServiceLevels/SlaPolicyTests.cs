using System.Net;
using System.Text.Json.Nodes;
using CustomerRetention.Api.Tests.Support;

namespace CustomerRetention.Api.Tests.ServiceLevels;

/// <summary>SLA policies over HTTP: the seeded default, exactly one default, versions kept, evaluation order, validation and roles.</summary>
public sealed class SlaPolicyTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task The_default_policy_is_seeded_on_the_default_calendar_in_business_hours()
    {
        var seeded = JsonNode.Parse(await _client.GetStringAsync($"/api/v1/sla-policies/{ServiceLevelApi.DefaultPolicyId}"))!;
        Assert.True(seeded["isDefault"]!.GetValue<bool>());
        Assert.Equal(ServiceLevelApi.SeededCalendarId, seeded.Str("calendarId"));
        Assert.Equal("business", seeded.Str("hoursMode"));
        Assert.Equal(75, seeded["warnAtPercent"]!.GetValue<int>());
        Assert.Equal(12, seeded["targets"]!.AsArray().Count);
        Assert.Empty(seeded["conditions"]!["priorities"]!.AsArray());
        var urgentFirstResponse = seeded["targets"]!.AsArray().Single(t => t.Str("metric") == "first-response" && t.Str("priority") == "urgent")!;
        Assert.Equal(60, urgentFirstResponse["minutes"]!.GetValue<int>());
        Assert.Equal(1L, await api.ScalarAsync<long>($"SELECT count(*) FROM sla_policy_versions WHERE policy_id = '{ServiceLevelApi.DefaultPolicyId}' AND version = 1"));
    }

    [Fact]
    public async Task Every_change_raises_the_version_and_keeps_each_version_even_after_a_delete()
    {
        var body = new
        {
            name = "Email complaints",
            position = 3,
            conditions = new { channels = new[] { "email" }, categories = new[] { "complaint" } },
            hoursMode = "calendar",
            targets = new[] { new { metric = "first-response", priority = "normal", minutes = 120 } },
        };
        var created = await _client.CreatePolicyAsync(body);
        var id = created.Str("id")!;
        Assert.Equal(1, created["version"]!.GetValue<int>());
        Assert.Equal(75, created["warnAtPercent"]!.GetValue<int>());
        Assert.False(created["isDefault"]!.GetValue<bool>());

        using (var replaced = await _client.PutJsonAsync($"/api/v1/sla-policies/{id}", body with { }, created.Str("etag")))
        {
            // An identical body is no change.
            Assert.Equal(1, (await replaced.ReadObjectAsync())["version"]!.GetValue<int>());
        }

        var changed = new { body.name, body.position, body.conditions, body.hoursMode, warnAtPercent = 90, targets = new[] { new { metric = "first-response", priority = "normal", minutes = 60 } } };
        using (var replaced = await _client.PutJsonAsync($"/api/v1/sla-policies/{id}", changed))
        {
            var updated = await replaced.ReadObjectAsync();
            Assert.True(replaced.StatusCode == HttpStatusCode.OK, updated.ToJsonString());
            Assert.Equal(2, updated["version"]!.GetValue<int>());
            Assert.Equal(90, updated["warnAtPercent"]!.GetValue<int>());
        }

        using (var stale = await _client.PutJsonAsync($"/api/v1/sla-policies/{id}", body, created.Str("etag")))
        {
            await stale.AssertProblemAsync(412);
        }

        using (var delete = await _client.DeleteAsync($"/api/v1/sla-policies/{id}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        }

        Assert.Equal("120,60", await api.ScalarAsync<string>(
            $"SELECT string_agg(details -> 'targets' -> 0 ->> 'minutes', ',' ORDER BY version) FROM sla_policy_versions WHERE policy_id = '{id}'"));
        Assert.Equal("sla.policy-created,sla.policy-updated,sla.policy-deleted", await api.ScalarAsync<string>(
            $"SELECT string_agg(type, ',' ORDER BY position) FROM events WHERE resource_id = '{id}'"));
    }

    [Fact]
    public async Task There_is_exactly_one_default_policy()
    {
        var before = await api.DatabaseFingerprintAsync();
        using (var second = await _client.PostAsync("/api/v1/sla-policies", Requests.Json(new { name = "another default", isDefault = true, hoursMode = "calendar", targets = ServiceLevelApi.FullTargets() })))
        {
            var problem = await second.AssertProblemAsync(409);
            Assert.Equal("sla-default-policy-exists", problem.Str("code"));
            Assert.Equal(ServiceLevelApi.DefaultPolicyId, problem.Str("defaultPolicyId"));
        }

        using (var delete = await _client.DeleteAsync($"/api/v1/sla-policies/{ServiceLevelApi.DefaultPolicyId}"))
        {
            Assert.Equal("sla-default-policy-required", (await delete.AssertProblemAsync(409)).Str("code"));
        }

        using (var unset = await _client.PutJsonAsync($"/api/v1/sla-policies/{ServiceLevelApi.DefaultPolicyId}", new { name = "Default", isDefault = false, hoursMode = "calendar", targets = ServiceLevelApi.FullTargets() }))
        {
            Assert.Equal("sla-default-policy-required", (await unset.AssertProblemAsync(409)).Str("code"));
        }

        Assert.Equal(before, await api.DatabaseFingerprintAsync());

        // Two at once: the partial unique index lets at most one in.
        await api.ExecuteAsync($"UPDATE sla_policies SET is_default = false WHERE id = '{ServiceLevelApi.DefaultPolicyId}'");
        try
        {
            var attempts = await Task.WhenAll(Enumerable.Range(0, 4).Select(i =>
                _client.PostAsync("/api/v1/sla-policies", Requests.Json(new { name = $"race {i}", isDefault = true, hoursMode = "calendar", targets = ServiceLevelApi.FullTargets() }))));
            Assert.Equal(1, attempts.Count(r => r.StatusCode == HttpStatusCode.Created));
            Assert.All(attempts.Where(r => r.StatusCode != HttpStatusCode.Created), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
            Assert.Equal(1L, await api.ScalarAsync<long>("SELECT count(*) FROM sla_policies WHERE is_default"));
            await api.ExecuteAsync("DELETE FROM sla_policies WHERE is_default");
        }
        finally
        {
            await api.ExecuteAsync($"UPDATE sla_policies SET is_default = true WHERE id = '{ServiceLevelApi.DefaultPolicyId}'");
        }
    }

    [Fact]
    public async Task The_list_is_in_evaluation_order_with_the_default_last_and_pages_without_gaps()
    {
        var names = new List<string>();
        foreach (var (name, position) in new[] { ("p20", 20), ("p10 first", 10), ("p10 second", 10), ("p0", 0) })
        {
            await _client.CreatePolicyAsync(new { name, position, hoursMode = "calendar", targets = new[] { new { metric = "resolution", priority = "low", minutes = 600 } } });
            names.Add(name);
        }

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = JsonNode.Parse(await _client.GetStringAsync("/api/v1/sla-policies?limit=2" + (cursor is null ? string.Empty : $"&cursor={Uri.EscapeDataString(cursor)}")))!;
            seen.AddRange(page["items"]!.AsArray().Select(p => p.Str("name")!));
            cursor = page.Str("nextCursor");
        }
        while (cursor is not null);

        Assert.Equal(["p0", "p10 first", "p10 second", "p20"], seen.Where(names.Contains));
        Assert.Equal("Default", seen[^1]);
    }

    [Theory]
    [InlineData("""{"hoursMode":"calendar","targets":[{"metric":"resolution","priority":"low","minutes":60}]}""", "name")]
    [InlineData("""{"name":"x","hoursMode":"calendar"}""", "targets")]
    [InlineData("""{"name":"x","hoursMode":"calendar","targets":[]}""", "targets")]
    [InlineData("""{"name":"x","targets":[{"metric":"resolution","priority":"low","minutes":60}]}""", "calendarId")]
    [InlineData("""{"name":"x","hoursMode":"calendar","targets":[{"metric":"resolution","priority":"low","minutes":0}]}""", "targets[0].minutes")]
    [InlineData("""{"name":"x","hoursMode":"calendar","targets":[{"metric":"resolution","priority":"low","minutes":525601}]}""", "targets[0].minutes")]
    [InlineData("""{"name":"x","hoursMode":"calendar","targets":[{"metric":"resolution","priority":"critical","minutes":60}]}""", "targets[0].priority")]
    [InlineData("""{"name":"x","hoursMode":"calendar","targets":[{"metric":"resolution","priority":"low","minutes":60},{"metric":"resolution","priority":"low","minutes":90}]}""", "targets[1]")]
    [InlineData("""{"name":"x","hoursMode":"calendar","warnAtPercent":100,"targets":[{"metric":"resolution","priority":"low","minutes":60}]}""", "warnAtPercent")]
    [InlineData("""{"name":"x","hoursMode":"calendar","warnAtPercent":0,"targets":[{"metric":"resolution","priority":"low","minutes":60}]}""", "warnAtPercent")]
    [InlineData("""{"name":"x","hoursMode":"calendar","position":-1,"targets":[{"metric":"resolution","priority":"low","minutes":60}]}""", "position")]
    [InlineData("""{"name":"x","hoursMode":"calendar","conditions":{"channels":["fax"]},"targets":[{"metric":"resolution","priority":"low","minutes":60}]}""", "conditions.channels[0]")]
    [InlineData("""{"name":"x","hoursMode":"calendar","conditions":{"categories":["praise"]},"targets":[{"metric":"resolution","priority":"low","minutes":60}]}""", "conditions.categories[0]")]
    [InlineData("""{"name":"x","hoursMode":"calendar","conditions":{"priorities":["asap"]},"targets":[{"metric":"resolution","priority":"low","minutes":60}]}""", "conditions.priorities[0]")]
    [InlineData("""{"name":"x","hoursMode":"calendar","conditions":{"segments":["Not A Key"]},"targets":[{"metric":"resolution","priority":"low","minutes":60}]}""", "conditions.segments[0]")]
    [InlineData("""{"name":"x","isDefault":true,"hoursMode":"calendar","targets":[{"metric":"resolution","priority":"low","minutes":60}]}""", "targets")]
    [InlineData("""{"name":"x","isDefault":true,"hoursMode":"calendar","conditions":{"tags":["vip"]},"targets":[{"metric":"resolution","priority":"low","minutes":60}]}""", "conditions")]
    [InlineData("""{"name":"x","calendarId":"0193a700-0000-7000-8000-00000000dead","targets":[{"metric":"resolution","priority":"low","minutes":60}]}""", "calendarId")]
    public async Task A_bad_policy_is_a_400_naming_the_path_and_changes_nothing(string body, string member)
    {
        var before = await api.DatabaseFingerprintAsync();
        using var response = await _client.PostAsync("/api/v1/sla-policies", Requests.Json(body));
        var problem = await response.AssertProblemAsync(400);
        Assert.True(problem.ErrorKeys().Contains(member), problem.ToJsonString());
        Assert.Equal(before, await api.DatabaseFingerprintAsync());
    }

    [Fact]
    public async Task A_business_policy_on_a_calendar_without_hours_is_refused()
    {
        var closed = await _client.CreateCalendarAsync(new { name = "no hours", timeZone = "UTC" });
        var before = await api.DatabaseFingerprintAsync();
        using var response = await _client.PostAsync("/api/v1/sla-policies", Requests.Json(new
        {
            name = "business on nothing",
            calendarId = closed.Str("id"),
            targets = new[] { new { metric = "resolution", priority = "low", minutes = 60 } },
        }));
        Assert.Contains("calendarId", (await response.AssertProblemAsync(400)).ErrorKeys());
        Assert.Equal(before, await api.DatabaseFingerprintAsync());
    }

    [Fact]
    public async Task Everyone_reads_policies_only_managers_and_admins_change_them()
    {
        foreach (var role in new[] { "viewer", "agent", "manager", "admin" })
        {
            using var client = api.CreateClient().As(role);
            using var read = await client.GetAsync("/api/v1/sla-policies");
            Assert.True(read.StatusCode == HttpStatusCode.OK, role);
        }

        foreach (var role in new[] { "viewer", "agent" })
        {
            using var client = api.CreateClient().As(role);
            using var create = await client.PostAsync("/api/v1/sla-policies", Requests.Json(new { name = "nope", hoursMode = "calendar", targets = ServiceLevelApi.FullTargets() }));
            await create.AssertProblemAsync(403);
            using var put = await client.PutJsonAsync($"/api/v1/sla-policies/{ServiceLevelApi.DefaultPolicyId}", new { name = "nope", isDefault = true, hoursMode = "calendar", targets = ServiceLevelApi.FullTargets() });
            await put.AssertProblemAsync(403);
        }

        using var anonymous = api.CreateClient().Anonymous();
        using var denied = await anonymous.GetAsync($"/api/v1/sla-policies/{ServiceLevelApi.DefaultPolicyId}");
        Assert.Equal(HttpStatusCode.Unauthorized, denied.StatusCode);
    }
}
