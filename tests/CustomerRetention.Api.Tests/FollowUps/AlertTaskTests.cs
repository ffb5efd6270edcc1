using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CustomerRetention.Api.Tests.Alerts;
using CustomerRetention.Api.Tests.Support;
using Microsoft.AspNetCore.Hosting;

namespace CustomerRetention.Api.Tests.FollowUps;

/// <summary>
/// The API with follow-ups reacting to opened alerts (the shared test hosts leave the reaction off
/// so that it never writes while a test compares database fingerprints), in a zone fourteen hours
/// ahead of UTC so that the tasks' local due dates differ from UTC dates for half the day.
/// </summary>
public sealed class AlertTaskApiFactory : ApiFactory
{
    public const string Zone = "Pacific/Kiritimati";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("FollowUps:ReactToAlerts", "true");
        builder.UseSetting("Jobs:FollowUps:PollSeconds", "0.2");
        builder.UseSetting("Crm:TimeZone", Zone);
    }
}

/// <summary>An alert rule's <c>actionsOnOpen</c> (SPEC §9.1) create follow-up tasks (SPEC §9.2) when an alert opens, once each.</summary>
public sealed class AlertTaskTests(AlertTaskApiFactory api) : IClassFixture<AlertTaskApiFactory>
{
    private static readonly DateTimeOffset AsOf = AlertApi.At("2025-06-30T00:00:00Z");
    private static readonly Guid Owner = TestCredentials.UserId("alert-tasks-owner");
    private static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById(AlertTaskApiFactory.Zone);

    private readonly HttpClient _client = api.CreateClient();

    /// <summary>10 orders in the previous window, <paramref name="current"/> in the current one at <see cref="AsOf"/>: 7 is a drop of 0.3 (medium), 3 of 0.7 (high).</summary>
    private async Task<Guid> DroppingCustomerAsync(string tag, int current = 7)
    {
        var customer = await _client.NewTaggedCustomerAsync(tag, ownerId: Owner);
        await _client.OrdersAsync(customer, AlertApi.Daily(AsOf.AddDays(-150), 10));
        await _client.OrdersAsync(customer, AlertApi.Daily(AsOf.AddDays(-60), current));
        return customer;
    }

    [Fact]
    public async Task An_opened_alert_gets_a_task_per_action_due_in_the_local_calendar_owned_by_its_assignee_and_caused_by_its_event()
    {
        var tag = AlertApi.NewTag();
        var customer = await DroppingCustomerAsync(tag);
        var rule = await _client.NewRuleAsync("frequency-drop", tag, actionsOnOpen: new object[]
        {
            new { type = "task", taskType = "call", dueInDays = 0 },
            new { type = "task", taskType = "email", dueInDays = 3, priority = "low" },
        });

        await _client.EvaluateAsync(rule, AsOf);
        var alert = await _client.OnlyAlertAsync(customer);
        Assert.Equal("medium", alert.Text("severity"));
        var tasks = await WaitForTasksAsync(customer, 2);

        var openedOn = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(alert["createdAt"]!.GetValue<DateTimeOffset>(), Zone).DateTime);
        var call = Assert.Single(tasks, t => t.Text("type") == "call");
        Assert.Equal(openedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), call.Text("dueDate"));
        Assert.Equal("due-today", call.Text("timing"));
        Assert.Equal("normal", call.Text("priority")); // no priority given: normal for a medium alert
        var email = Assert.Single(tasks, t => t.Text("type") == "email");
        Assert.Equal(openedOn.AddDays(3).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), email.Text("dueDate"));
        Assert.Equal("planned", email.Text("timing"));
        Assert.Equal("low", email.Text("priority"));
        foreach (var task in tasks)
        {
            Assert.Equal("open", task.Text("status"));
            Assert.Equal("alert", task.Text("source"));
            Assert.Equal(alert.Text("id"), task.Text("sourceRef"));
            Assert.Equal(Owner.ToString(), task.Text("ownerId"));
            Assert.Equal(alert.Text("assigneeId"), task.Text("ownerId"));
            Assert.Equal("Alert: " + alert.Text("title"), task.Text("subject"));
            Assert.Contains(alert.Text("reason")!, task.Text("reason")!, StringComparison.Ordinal);
        }

        Assert.Contains("Action 1 of its rule (version 1): a call task due 0 days after the alert opened", call.Text("reason")!, StringComparison.Ordinal);
        Assert.Contains("Action 2 of its rule (version 1): a email task due 3 days after the alert opened", email.Text("reason")!, StringComparison.Ordinal);

        // The opened event carries the rule's actions; each task.created names it as its origin, one level deeper.
        var opened = Assert.Single(await EventsAsync(customer, "alert.opened"));
        Assert.Equal(2, opened["data"]!["actions"]!.AsArray().Count);
        var created = await EventsAsync(customer, "task.created");
        Assert.Equal(2, created.Count);
        Assert.All(created, e =>
        {
            Assert.Equal("system", e.Text("actor"));
            Assert.Equal(opened.Text("id"), e["origin"]!.Text("eventId"));
            Assert.Equal(1, e["origin"]!["depth"]!.GetValue<int>());
            Assert.Equal(customer.ToString(), e.Text("customerId"));
        });

        // The tasks are on the customer's timeline.
        var timeline = (await _client.GetFromJsonAsync<JsonObject>($"/api/v1/customers/{customer}/timeline?limit=200"))!["items"]!.AsArray();
        Assert.Equal(2, timeline.Count(i => i.Text("kind") == "task"));
    }

    [Fact]
    public async Task A_high_alert_makes_a_high_priority_task_and_detecting_it_again_or_completing_the_task_creates_no_second_one()
    {
        var tag = AlertApi.NewTag();
        var customer = await DroppingCustomerAsync(tag, current: 3);
        var rule = await _client.NewRuleAsync("frequency-drop", tag, actionsOnOpen: new object[] { new { type = "task", taskType = "call", dueInDays = 1 } });
        await _client.EvaluateAsync(rule, AsOf);
        var task = Assert.Single(await WaitForTasksAsync(customer, 1));
        Assert.Equal("high", (await _client.OnlyAlertAsync(customer)).Text("severity"));
        Assert.Equal("high", task.Text("priority"));

        using (var done = await _client.PostAsync($"/api/v1/tasks/{task.Text("id")}/completion", Requests.Json(new { outcome = "reached" })))
        {
            Assert.True(done.IsSuccessStatusCode, await done.Content.ReadAsStringAsync());
        }

        // The alert is detected again (updated, not opened): the reaction passes it by.
        var again = await _client.EvaluateAsync(rule, AsOf.AddDays(1));
        Assert.Equal(1, again.Figure("updated"));
        await WaitForReactionAsync();
        Assert.Single(await _client.TasksOfAsync(customer));
    }

    [Fact]
    public async Task A_rule_without_actions_opens_alerts_without_tasks()
    {
        var tag = AlertApi.NewTag();
        var customer = await DroppingCustomerAsync(tag);
        var rule = await _client.NewRuleAsync("frequency-drop", tag);
        await _client.EvaluateAsync(rule, AsOf);
        Assert.Single(await _client.AlertsOfAsync(customer));

        await WaitForReactionAsync();

        Assert.Empty(await _client.TasksOfAsync(customer));
        Assert.Empty(Assert.Single(await EventsAsync(customer, "alert.opened"))["data"]!["actions"]!.AsArray());
    }

    [Fact]
    public async Task Reacting_to_the_same_events_again_after_the_cursor_was_lost_creates_nothing_twice()
    {
        var tag = AlertApi.NewTag();
        var customer = await DroppingCustomerAsync(tag);
        var rule = await _client.NewRuleAsync("frequency-drop", tag, actionsOnOpen: new object[] { new { type = "task", taskType = "sms", dueInDays = 2 } });
        await _client.EvaluateAsync(rule, AsOf);
        var task = Assert.Single(await WaitForTasksAsync(customer, 1));
        var createdBefore = await api.ScalarAsync<long>("SELECT count(*) FROM events WHERE type = 'task.created'");

        // As if the reaction crashed after creating the tasks and a restore put its cursor back to the start.
        await api.ExecuteAsync("UPDATE event_cursors SET position = 0 WHERE consumer = 'alert-tasks'");
        await WaitForReactionAsync();

        Assert.Equal(task.Text("id"), Assert.Single(await _client.TasksOfAsync(customer)).Text("id"));
        Assert.Equal(createdBefore, await api.ScalarAsync<long>("SELECT count(*) FROM events WHERE type = 'task.created'"));
    }

    /// <summary>Polls until the customer has <paramref name="count"/> tasks (the reaction runs every 0.2 s).</summary>
    private async Task<List<JsonObject>> WaitForTasksAsync(Guid customer, int count)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var tasks = await _client.TasksOfAsync(customer);
            if (tasks.Count >= count)
            {
                Assert.Equal(count, tasks.Count);
                return tasks;
            }

            Assert.True(DateTime.UtcNow < deadline, $"{tasks.Count} of {count} tasks after the alert opened");
            await Task.Delay(100);
        }
    }

    /// <summary>Waits until the reaction's cursor has passed every event logged so far.</summary>
    private async Task WaitForReactionAsync()
    {
        var head = await api.ScalarAsync<long>("SELECT coalesce(max(position), 0) FROM events");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (await api.ScalarAsync<long>("SELECT position FROM event_cursors WHERE consumer = 'alert-tasks'") < head)
        {
            Assert.True(DateTime.UtcNow < deadline, "the reaction did not catch up with the event log");
            await Task.Delay(100);
        }
    }

    /// <summary>The customer's events of one type (a customer here has far fewer than a page of events).</summary>
    private async Task<List<JsonObject>> EventsAsync(Guid customer, string type)
    {
        var page = (await _client.GetFromJsonAsync<JsonObject>($"/api/v1/events?customerId={customer}&types={type}&limit=200"))!;
        return page["items"]!.AsArray().Select(e => e!.AsObject()).ToList();
    }
}
