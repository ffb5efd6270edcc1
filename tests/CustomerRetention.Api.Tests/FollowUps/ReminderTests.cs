using System.Text.Json.Nodes;
using CustomerRetention.Api.Tests.Segmentation;
using CustomerRetention.Api.Tests.Support;

namespace CustomerRetention.Api.Tests.FollowUps;

/// <summary>Birthday reminders (leap years, both 29 February mappings, once a year) with exact due dates (SPEC §9.2).</summary>
public sealed class BirthdayReminderTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = api.CreateClient();

    private async Task<string?> DueAsync(Guid customer) => (await _client.TasksOfAsync(customer, "&source=birthday")).SingleOrDefault()?.Text("dueDate");

    [Fact]
    public async Task A_29_February_birthday_maps_to_28_February_or_1_March_in_other_years_and_stays_in_leap_years()
    {
        await _client.PutAsync("/api/v1/reminder-policies/birthday", new { leadDays = 3, feb29 = "feb28", enabled = true });
        var leapling = await api.CustomerAsync("2020-01-01T00:00:00Z", birthday: "1992-02-29");
        await _client.RunFollowUpsAsync("2027-02-20");
        Assert.Equal("2027-02-25", await DueAsync(leapling)); // 28 February 2027 − 3

        var other = await api.CustomerAsync("2020-01-01T00:00:00Z", birthday: "2000-02-29");
        await _client.PutAsync("/api/v1/reminder-policies/birthday", new { leadDays = 3, feb29 = "mar1", enabled = true });
        await _client.RunFollowUpsAsync("2027-02-20");
        Assert.Equal("2027-02-26", await DueAsync(other)); // 1 March 2027 − 3
        Assert.Equal("2027-02-25", await DueAsync(leapling)); // once per year: not again under the new mapping

        await _client.RunFollowUpsAsync("2028-02-24");
        var leap = (await _client.TasksOfAsync(leapling, "&source=birthday")).Select(t => t.Text("dueDate")).ToList();
        Assert.Equal(["2027-02-25", "2028-02-26"], leap); // 29 February 2028 − 3
        var task = (await _client.TasksOfAsync(leapling, "&source=birthday"))[1];
        Assert.Equal($"birthday:{leapling}:2028", task.Text("dedupeKey"));
        Assert.Contains("falls on 2028-02-29", task.Text("reason"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_birthday_task_is_made_from_7_days_before_it_is_due_and_once_per_year_even_when_completed()
    {
        await _client.PutAsync("/api/v1/reminder-policies/birthday", new { leadDays = 3, enabled = true });
        var customer = await api.CustomerAsync("2020-01-01T00:00:00Z", birthday: "1985-06-15");
        await _client.RunFollowUpsAsync("2027-06-04"); // due 2027-06-12 = asOf + 8
        Assert.Null(await DueAsync(customer));
        await _client.RunFollowUpsAsync("2027-06-05"); // asOf + 7
        var task = (await _client.TasksOfAsync(customer)).Single();
        Assert.Equal("2027-06-12", task.Text("dueDate"));
        Assert.Equal("call", task.Text("type"));

        using (var complete = await _client.PostAsync($"/api/v1/tasks/{task["id"]}/completion", Requests.Json(new { outcome = "reached" })))
        {
            Assert.True(complete.IsSuccessStatusCode, await complete.Content.ReadAsStringAsync());
        }

        await _client.RunFollowUpsAsync("2027-06-06");
        Assert.Single(await _client.TasksOfAsync(customer, "&source=birthday"));
    }

    [Fact]
    public async Task A_disabled_policy_makes_no_task()
    {
        await _client.PutAsync("/api/v1/reminder-policies/birthday", new { leadDays = 3, enabled = false });
        var customer = await api.CustomerAsync("2020-01-01T00:00:00Z", birthday: "1985-09-15");
        var run = await _client.RunFollowUpsAsync("2027-09-10");
        Assert.Empty(await _client.TasksOfAsync(customer));
        Assert.False(run["results"]!["birthday"]!["enabled"]!.GetValue<bool>());
    }
}

/// <summary>Post-purchase reminders: due the order's local date + delayDays, once per order, skipping cancelled and refunded orders.</summary>
public sealed class PostPurchaseReminderTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task A_completed_order_gets_one_feedback_task_and_a_cancelled_one_none()
    {
        await _client.PutAsync("/api/v1/reminder-policies/post-purchase", new { delayDays = 7, enabled = true });
        var customer = await api.CustomerAsync("2020-01-01T00:00:00Z");
        var completed = await _client.AddOrderAsync(customer, new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.Zero), 40m);
        var cancelled = await _client.AddOrderAsync(customer, new DateTimeOffset(2026, 11, 21, 10, 0, 0, TimeSpan.Zero), 40m);
        await _client.ChangeOrderStatusAsync(cancelled, "cancelled");

        var run = await _client.RunFollowUpsAsync("2026-11-25");
        await _client.RunFollowUpsAsync("2026-11-26");

        var task = (await _client.TasksOfAsync(customer)).Single();
        Assert.Equal("post-purchase", task.Text("source"));
        Assert.Equal(completed.ToString(), task.Text("sourceRef"));
        Assert.Equal($"post-purchase:{completed}", task.Text("dedupeKey"));
        Assert.Equal("2026-11-27", task.Text("dueDate"));
        Assert.Equal(1, run["results"]!["postPurchase"]!["created"]!.GetValue<long>());
        Assert.Equal(1, await api.ScalarAsync<long>($"SELECT count(*) FROM events WHERE type = 'task.created' AND resource_id = '{task["id"]}' AND actor = 'system'"));

        // Refunded after the task was made: the next run cancels it (skipIf order-refunded).
        await _client.ChangeOrderStatusAsync(completed, "refunded");
        var later = await _client.RunFollowUpsAsync("2026-11-26");
        Assert.Equal("cancelled", (await _client.TasksOfAsync(customer)).Single().Text("status"));
        Assert.Equal(1, later["results"]!["postPurchase"]!["cancelled"]!.GetValue<long>());
    }
}
