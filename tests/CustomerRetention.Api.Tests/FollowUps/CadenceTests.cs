using System.Text.Json.Nodes;
using CustomerRetention.Api.Tests.Segmentation;
using CustomerRetention.Api.Tests.Support;

namespace CustomerRetention.Api.Tests.FollowUps;

/// <summary>
/// Cadence policies (SPEC §9.2) on hand-built customers with exact dates: nextDue = last touch's
/// local date (no touch: the creation date) + intervalDays, one open task once nextDue ≤ asOf + 7,
/// a touch completing it, a tier change re-dating it, leaving the scope cancelling it.
/// </summary>
public sealed class CadenceTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = api.CreateClient();

    private static string NewTag() => "t" + Guid.NewGuid().ToString("N")[..12];

    private static object Monthly => new[] { new { name = "everyone", intervalDays = 30 } };

    private async Task<JsonObject> OnlyTaskAsync(Guid customer)
    {
        var tasks = await _client.TasksOfAsync(customer);
        Assert.Single(tasks);
        return tasks[0];
    }

    [Fact]
    public async Task Without_a_touch_the_task_is_due_interval_days_after_the_creation_date_and_made_exactly_at_the_7_day_horizon()
    {
        var tag = NewTag();
        var policy = await _client.CadencePolicyAsync(tag, Monthly);
        var dueIn7 = await api.CustomerAsync("2026-01-01T10:00:00Z", [tag]);   // due 2026-01-31 = asOf + 7
        var dueIn8 = await api.CustomerAsync("2026-01-02T10:00:00Z", [tag]);   // due 2026-02-01 = asOf + 8
        var untagged = await api.CustomerAsync("2026-01-01T10:00:00Z");

        var run = await _client.RunFollowUpsAsync("2026-01-24");

        var task = await OnlyTaskAsync(dueIn7);
        Assert.Equal("2026-01-31", task.Text("dueDate"));
        Assert.Null(task["dueAt"]);
        Assert.Equal("open", task.Text("status"));
        Assert.Equal("cadence", task.Text("source"));
        Assert.Equal(policy["id"]!.GetValue<string>(), task.Text("sourceRef"));
        Assert.Equal($"cadence:{policy["id"]}:{dueIn7}", task.Text("dedupeKey"));
        Assert.Equal("call", task.Text("type"));
        Assert.Contains("no touch yet", task.Text("reason"), StringComparison.Ordinal);
        Assert.Contains("v1", task.Text("reason"), StringComparison.Ordinal);
        Assert.Empty(await _client.TasksOfAsync(dueIn8));
        Assert.Empty(await _client.TasksOfAsync(untagged));
        var counts = run["results"]!["cadence"]!.AsArray().Single(c => c!["policyId"]!.GetValue<string>() == policy["id"]!.GetValue<string>())!;
        Assert.Equal(2, counts["inScope"]!.GetValue<long>());
        Assert.Equal(1, counts["created"]!.GetValue<long>());
    }

    [Fact]
    public async Task A_qualifying_touch_completes_the_open_task_and_the_next_one_is_due_interval_days_after_it()
    {
        var tag = NewTag();
        await _client.CadencePolicyAsync(tag, Monthly);
        var customer = await api.CustomerAsync("2026-01-01T10:00:00Z", [tag]);
        await _client.RunFollowUpsAsync("2026-01-24");
        var open = await OnlyTaskAsync(customer);

        // Inbound contact is not a touch of the default touch types (outbound phone, email, …).
        await _client.TouchAsync(customer, "email", "inbound", "2026-01-19T09:00:00Z");
        Assert.Equal("open", (await OnlyTaskAsync(customer)).Text("status"));

        await _client.TouchAsync(customer, "phone", "outbound", "2026-01-20T09:00:00Z");
        var done = await OnlyTaskAsync(customer);
        Assert.Equal(open.Text("id"), done.Text("id"));
        Assert.Equal("completed", done.Text("status"));
        Assert.Equal("done", done.Text("outcome"));
        Assert.Equal("system", done.Text("completedBy"));
        Assert.Null(done["timing"]);

        // Next due 2026-01-20 + 30 = 2026-02-19: not at asOf 2026-02-11 (+8), made at 2026-02-12 (+7).
        await _client.RunFollowUpsAsync("2026-02-11");
        Assert.Single(await _client.TasksOfAsync(customer));
        await _client.RunFollowUpsAsync("2026-02-12");
        var next = (await _client.TasksOfAsync(customer, "&status=open")).Single();
        Assert.Equal("2026-02-19", next.Text("dueDate"));
        Assert.Contains("last touch on 2026-01-20", next.Text("reason"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tier_change_re_dates_the_open_task_and_leaving_the_scope_cancels_it()
    {
        var tag = NewTag();
        var policy = await _client.CadencePolicyAsync(tag, new object[]
        {
            new { name = "vip", segments = new[] { "champions" }, intervalDays = 7 },
            new { name = "rest", intervalDays = 30 },
        });
        var customer = await api.CustomerAsync("2026-01-01T10:00:00Z", [tag]);
        await _client.RunFollowUpsAsync("2026-01-28");
        var task = await OnlyTaskAsync(customer);
        Assert.Equal("2026-01-31", task.Text("dueDate"));
        Assert.Contains("tier \"rest\"", task.Text("reason"), StringComparison.Ordinal);

        // Ten recent orders make the customer a champion in a fixed-breakpoint RFM run: tier vip, 7 days.
        for (var i = 0; i < 10; i++)
        {
            await _client.AddOrderAsync(customer, DateTimeOffset.UtcNow.AddDays(-2 - i), 50m);
        }

        await _client.RunAsync(new
        {
            policy = "fixed",
            breakpoints = new { recencyDays = new[] { 30, 60, 90, 180 }, frequency = new[] { 1, 2, 3, 5 }, monetary = new[] { 10, 20, 50, 100 } },
        });
        var run = await _client.RunFollowUpsAsync("2026-01-28");
        var redated = await OnlyTaskAsync(customer);
        Assert.Equal(task.Text("id"), redated.Text("id"));
        Assert.Equal("2026-01-08", redated.Text("dueDate"));
        Assert.Equal("overdue", redated.Text("timing"));
        Assert.Contains("tier \"vip\"", redated.Text("reason"), StringComparison.Ordinal);
        var counts = run["results"]!["cadence"]!.AsArray().Single(c => c!["policyId"]!.GetValue<string>() == policy["id"]!.GetValue<string>())!;
        Assert.Equal(1, counts["redated"]!.GetValue<long>());
        var updated = await api.ScalarAsync<long>($"SELECT count(*) FROM events WHERE type = 'task.updated' AND resource_id = '{task["id"]}' AND data->'previous'->>'dueDate' = '2026-01-31' AND data->'state'->>'dueDate' = '2026-01-08'");
        Assert.Equal(1, updated);

        // Out of scope (the tag removed): the open task is cancelled by the run.
        using (var patch = await _client.PatchAsync($"/api/v1/customers/{customer}", new { tags = Array.Empty<string>() }))
        {
            Assert.True(patch.IsSuccessStatusCode);
        }

        await _client.RunFollowUpsAsync("2026-01-28");
        var cancelled = await OnlyTaskAsync(customer);
        Assert.Equal("cancelled", cancelled.Text("status"));
        Assert.Equal("system", cancelled.Text("cancelledBy"));
    }

    [Fact]
    public async Task A_tier_without_an_interval_has_no_cadence()
    {
        var tag = NewTag();
        await _client.CadencePolicyAsync(tag, new[] { new { name = "none", intervalDays = (int?)null } });
        var customer = await api.CustomerAsync("2025-01-01T10:00:00Z", [tag]);
        await _client.RunFollowUpsAsync("2026-01-28");
        Assert.Empty(await _client.TasksOfAsync(customer));
    }
}
