using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using CustomerRetention.Api.Tests.Support;

namespace CustomerRetention.Api.Tests.FollowUps;

/// <summary>Tasks through the API (SPEC §9.2, §11): create, read, merge-patch, complete (recording an interaction), cancel, lists, roles and owner scoping.</summary>
public sealed class TaskTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private static readonly Guid Ada = TestCredentials.UserId("tasks-ada");
    private static readonly Guid Grace = TestCredentials.UserId("tasks-grace");

    private readonly HttpClient _client = api.CreateClient();

    private async Task<JsonObject> CreateAsync(Guid customer, object body, HttpClient? client = null)
    {
        using var response = await (client ?? _client).PostAsync($"/api/v1/customers/{customer}/tasks", Requests.Json(body));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        var task = JsonNode.Parse(text)!.AsObject();
        Assert.Equal($"/api/v1/tasks/{task["id"]}", response.Headers.Location!.OriginalString);
        Assert.Equal(task.Text("etag"), response.Headers.ETag!.ToString());
        return task;
    }

    [Fact]
    public async Task A_task_defaults_to_the_customers_owner_and_normal_priority_and_is_due_today_planned_or_overdue()
    {
        var customer = await api.CustomerAsync("2026-01-01T00:00:00Z", ownerId: Ada);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var task = await CreateAsync(customer, new { type = "call", subject = "Renewal call", dueDate = today.ToString("yyyy-MM-dd") });
        Assert.Equal(Ada.ToString(), task.Text("ownerId"));
        Assert.Equal("normal", task.Text("priority"));
        Assert.Equal("manual", task.Text("source"));
        Assert.Equal("open", task.Text("status"));
        Assert.Equal("due-today", task.Text("timing"));

        var overdue = await CreateAsync(customer, new { type = "email", subject = "Old", dueDate = today.AddDays(-1).ToString("yyyy-MM-dd"), ownerId = Grace });
        Assert.Equal("overdue", overdue.Text("timing"));
        Assert.Equal(Grace.ToString(), overdue.Text("ownerId"));
        var planned = await CreateAsync(customer, new { type = "meeting", subject = "Later", dueAt = DateTimeOffset.UtcNow.AddDays(3).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"), priority = "high" });
        Assert.Equal("planned", planned.Text("timing"));
        Assert.Null(planned["dueDate"]);

        var ids = (await _client.TasksOfAsync(customer)).Select(t => t.Text("id")).ToList();
        Assert.Equal([overdue.Text("id"), task.Text("id"), planned.Text("id")], ids);
        Assert.Equal([overdue.Text("id")], (await _client.TasksOfAsync(customer, "&timing=overdue")).Select(t => t.Text("id")));
        Assert.Equal([task.Text("id")], (await _client.TasksOfAsync(customer, $"&ownerId={Ada}&source=manual&timing=due-today")).Select(t => t.Text("id")));
        var all = await new ApiClient(_client).AllPagesAsync($"/api/v1/tasks?limit=1&dueFrom={today.AddDays(-1):yyyy-MM-dd}&dueTo={today:yyyy-MM-dd}", 1);
        Assert.Equal([overdue.Text("id"), task.Text("id")], all.Where(t => t.Text("customerId") == customer.ToString()).Select(t => t.Text("id")));
    }

    [Fact]
    public async Task Completing_a_task_records_an_interaction_and_puts_both_on_the_timeline()
    {
        var customer = await api.CustomerAsync("2026-01-01T00:00:00Z");
        var task = await CreateAsync(customer, new { type = "sms", subject = "Reminder", note = "About the invoice", dueDate = "2026-02-01" });
        using var response = await _client.PostAsync($"/api/v1/tasks/{task["id"]}/completion", Requests.Json(new { outcome = "left-message", note = "Sent the reminder" }));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        var body = JsonNode.Parse(text)!;
        var completed = body["task"]!;
        var interaction = body["interaction"]!;
        Assert.Equal("completed", completed.Text("status"));
        Assert.Equal("left-message", completed.Text("outcome"));
        Assert.Equal(TestCredentials.AdminActor, completed.Text("completedBy"));
        Assert.Equal(interaction.Text("id"), completed.Text("interactionId"));
        Assert.Equal("sms", interaction.Text("channel"));
        Assert.Equal("message", interaction.Text("type"));
        Assert.Equal("outbound", interaction.Text("direction"));
        Assert.Equal("left-message", interaction.Text("outcome"));
        Assert.Equal("Sent the reminder", interaction.Text("notes"));
        Assert.Equal("Reminder", interaction.Text("subject"));

        var timeline = await new ApiClient(_client).TimelineAsync(customer, 2);
        // Newest first; the completion and its interaction share the instant (the interaction ranks first), then the task's creation, then the customer's stage entry.
        Assert.Equal(["interaction", "task", "task", "stageChange"], timeline.Select(i => i.Text("kind")));
        Assert.Equal(interaction.Text("id"), timeline[0].Text("id"));
        Assert.StartsWith("Task completed (left-message)", timeline[1].Text("summary"), StringComparison.Ordinal);
        Assert.StartsWith("Task (sms, manual): Reminder, due 2026-02-01", timeline[2].Text("summary"), StringComparison.Ordinal);
        var origin = await api.ScalarAsync<long>(
            $"SELECT count(*) FROM events i JOIN events t ON t.type = 'task.completed' AND t.resource_id = '{task["id"]}' WHERE i.type = 'interaction.created' AND i.resource_id = '{interaction["id"]}' AND (i.origin->>'eventId')::uuid = t.id");
        Assert.Equal(1, origin);

        // Closed: no second completion, no cancellation, no change; nothing written.
        var before = await api.DatabaseFingerprintAsync();
        using (var again = await _client.PostAsync($"/api/v1/tasks/{task["id"]}/completion", Requests.Json(new { outcome = "done" })))
        {
            Assert.Equal("task-not-open", (await again.AssertProblemAsync(409))["code"]!.GetValue<string>());
        }

        using (var cancel = await _client.PostAsync($"/api/v1/tasks/{task["id"]}/cancellation", null))
        {
            await cancel.AssertProblemAsync(409);
        }

        Assert.Equal(before, await api.DatabaseFingerprintAsync());
    }

    [Fact]
    public async Task A_task_is_merge_patched_with_if_match_and_cancelled()
    {
        var customer = await api.CustomerAsync("2026-01-01T00:00:00Z");
        var task = await CreateAsync(customer, new { type = "visit", subject = "Site visit", dueDate = "2026-03-01" });
        using (var stale = await _client.PatchAsync($"/api/v1/tasks/{task["id"]}", new { priority = "high" }, "\"1\""))
        {
            await stale.AssertProblemAsync(412);
        }

        using (var patch = await _client.PatchAsync($"/api/v1/tasks/{task["id"]}", new { dueDate = (string?)null, dueAt = "2026-03-02T09:00:00Z", note = "Bring samples" }, task.Text("etag")))
        {
            var patched = await patch.ReadObjectAsync();
            Assert.True(patch.IsSuccessStatusCode, patched.ToJsonString());
            Assert.Null(patched["dueDate"]);
            Assert.Equal("2026-03-02T09:00:00Z", patched.Text("dueAt"));
            Assert.Equal("Bring samples", patched.Text("note"));
        }

        using var cancel = await _client.PostAsync($"/api/v1/tasks/{task["id"]}/cancellation", null);
        var cancelled = await cancel.ReadObjectAsync();
        Assert.Equal("cancelled", cancelled.Text("status"));
        Assert.Equal(TestCredentials.AdminActor, cancelled.Text("cancelledBy"));
        Assert.Equal(1, await api.ScalarAsync<long>($"SELECT count(*) FROM events WHERE type = 'task.updated' AND resource_id = '{task["id"]}' AND data->'changedFields' @> '[\"dueAt\"]'"));
    }

    [Theory]
    [InlineData("""{"type":"call","subject":"Both","dueDate":"2026-01-01","dueAt":"2026-01-01T10:00:00Z"}""", "dueDate")]
    [InlineData("""{"type":"call","subject":"Neither"}""", "dueDate")]
    [InlineData("""{"type":"fax","subject":"Bad type","dueDate":"2026-01-01"}""", "type")]
    [InlineData("""{"type":"call","subject":"","dueDate":"2026-01-01"}""", "subject")]
    [InlineData("""{"type":"call","subject":"Bad date","dueDate":"2026-02-30"}""", "dueDate")]
    [InlineData("""{"type":"call","subject":"Status","dueDate":"2026-01-01","status":"completed"}""", "status")]
    public async Task Bad_input_is_a_problem_naming_the_member_and_changes_nothing(string body, string member)
    {
        var customer = await api.CustomerAsync("2026-01-01T00:00:00Z");
        var before = await api.DatabaseFingerprintAsync();
        using var response = await _client.PostAsync($"/api/v1/customers/{customer}/tasks", Requests.Json(body));
        var problem = await response.AssertProblemAsync(400);
        Assert.Contains(member, problem.ErrorKeys());
        Assert.Equal(before, await api.DatabaseFingerprintAsync());
    }

    [Fact]
    public async Task A_completion_needs_a_known_outcome()
    {
        var customer = await api.CustomerAsync("2026-01-01T00:00:00Z");
        var task = await CreateAsync(customer, new { type = "call", subject = "Call", dueDate = "2026-01-05" });
        var before = await api.DatabaseFingerprintAsync();
        foreach (var body in new[] { "{}", """{"outcome":"maybe"}""", """{"outcome":"reached","note":"x","completedAt":"2026-01-01T00:00:00Z"}""" })
        {
            using var response = await _client.PostAsync($"/api/v1/tasks/{task["id"]}/completion", Requests.Json(body));
            await response.AssertProblemAsync(400);
        }

        Assert.Equal(before, await api.DatabaseFingerprintAsync());
    }

    [Fact]
    public async Task Agents_see_and_work_only_tasks_of_customers_they_own_and_viewers_and_integrations_cannot_work()
    {
        var own = await api.CustomerAsync("2026-01-01T00:00:00Z", ownerId: Ada);
        var others = await api.CustomerAsync("2026-01-01T00:00:00Z", ownerId: Grace);
        var agent = api.AsRole("agent", Ada);
        var mine = await CreateAsync(own, new { type = "call", subject = "Mine", dueDate = "2026-01-05" }, agent);
        var theirs = await CreateAsync(others, new { type = "call", subject = "Theirs", dueDate = "2026-01-05" });

        var before = await api.DatabaseFingerprintAsync();
        foreach (var (method, uri, body) in new (HttpMethod, string, string?)[]
        {
            (HttpMethod.Get, $"/api/v1/tasks/{theirs["id"]}", null),
            (HttpMethod.Get, $"/api/v1/customers/{others}/tasks", null),
            (HttpMethod.Post, $"/api/v1/customers/{others}/tasks", """{"type":"call","subject":"No","dueDate":"2026-01-05"}"""),
            (HttpMethod.Post, $"/api/v1/tasks/{theirs["id"]}/completion", """{"outcome":"reached"}"""),
            (HttpMethod.Post, $"/api/v1/tasks/{theirs["id"]}/cancellation", null),
            (HttpMethod.Patch, $"/api/v1/tasks/{theirs["id"]}", """{"subject":"No"}"""),
        })
        {
            using var request = new HttpRequestMessage(method, uri) { Content = body is null ? null : Requests.Json(body) };
            using var response = await agent.SendAsync(request);
            await response.AssertProblemAsync(404);
        }

        var listed = (await new ApiClient(agent).AllPagesAsync("/api/v1/tasks?limit=200", 200)).Select(t => t.Text("id")).ToList();
        Assert.Contains(mine.Text("id"), listed);
        Assert.DoesNotContain(theirs.Text("id"), listed);

        using (var viewer = await api.AsRole("viewer").PostAsync($"/api/v1/tasks/{mine["id"]}/cancellation", null))
        {
            await viewer.AssertProblemAsync(403);
        }

        using (var agentRules = await agent.PostAsync("/api/v1/follow-up-runs", Requests.Json("{}")))
        {
            await agentRules.AssertProblemAsync(403);
        }

        using (var agentPolicy = await agent.PutAsync("/api/v1/reminder-policies/birthday", Requests.Json("""{"enabled":true}""")))
        {
            await agentPolicy.AssertProblemAsync(403);
        }

        Assert.Equal(before, await api.DatabaseFingerprintAsync());
        using var viewerRead = await api.AsRole("viewer").GetAsync($"/api/v1/tasks/{mine["id"]}");
        Assert.Equal(HttpStatusCode.OK, viewerRead.StatusCode);
        using var conditional = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/tasks/{mine["id"]}");
        conditional.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Parse(viewerRead.Headers.ETag!.ToString()));
        using var notModified = await _client.SendAsync(conditional);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
    }
}
