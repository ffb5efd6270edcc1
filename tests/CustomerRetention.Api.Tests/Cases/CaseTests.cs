using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CustomerRetention.Api.Tests.FollowUps;
using CustomerRetention.Api.Tests.Segmentation;
using CustomerRetention.Api.Tests.Support;

namespace CustomerRetention.Api.Tests.Cases;

/// <summary>Cases (SPEC §9.3): numbers, the status machine, messages, resolution, the satisfaction task, imported history.</summary>
public sealed class CaseTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private static readonly Guid Ada = TestCredentials.UserId("cases-ada");
    private static readonly Guid Grace = TestCredentials.UserId("cases-grace");

    private readonly HttpClient _client = api.CreateClient();

    private Task<Guid> CustomerAsync(Guid? owner = null) => api.CustomerAsync("2026-01-01T00:00:00Z", ownerId: owner);

    [Fact]
    public async Task A_new_case_is_numbered_starts_new_with_its_defaults_and_is_on_the_timeline_and_in_the_log()
    {
        var customer = await CustomerAsync(Ada);
        using var response = await _client.PostAsync($"/api/v1/customers/{customer}/cases", Requests.Json(new { channel = "phone", category = "delivery", subject = "  Late parcel  ", description = "Ordered a week ago." }));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var opened = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal($"/api/v1/cases/{opened["id"]}", response.Headers.Location!.OriginalString);
        Assert.Equal(response.Headers.ETag!.ToString(), opened.Text("etag"));
        Assert.Matches("^CS-[0-9]{6,}$", opened.Text("number"));
        Assert.Equal("new", opened.Text("status"));
        Assert.Equal("normal", opened.Text("priority"));
        Assert.Equal("Late parcel", opened.Text("subject"));
        Assert.Equal(Ada.ToString(), opened.Text("assigneeId"));
        Assert.Equal(0, opened["reopenCount"]!.GetValue<int>());
        Assert.Null(opened["firstRespondedAt"]);
        Assert.Equal(opened["openedAt"]!.GetValue<DateTimeOffset>(), opened["lastActivityAt"]!.GetValue<DateTimeOffset>());

        var second = await _client.OpenCaseAsync(customer);
        Assert.True(string.CompareOrdinal(second.Text("number"), opened.Text("number")) > 0, "numbers increase");

        var read = await _client.GetCaseAsync(opened);
        var history = Assert.Single(read["history"]!.AsArray());
        Assert.Equal("status", history.Text("field"));
        Assert.Null(history!["from"]);
        Assert.Equal("new", history.Text("to"));

        var timeline = (await _client.GetFromJsonAsync<JsonObject>($"/api/v1/customers/{customer}/timeline?limit=200"))!["items"]!.AsArray();
        var entry = Assert.Single(timeline, i => i.Text("kind") == "case" && i.Text("id") == opened.Text("id"));
        Assert.Contains(opened.Text("number")!, entry.Text("summary")!, StringComparison.Ordinal);
        var created = await _client.CustomerEventsAsync(customer, "case.created");
        Assert.Equal(2, created.Count);
        Assert.Equal(opened.Text("number"), created[0]["data"]!["state"].Text("number"));
        Assert.Null(created[0]["data"]!["state"]!["history"]);
    }

    [Fact]
    public async Task Concurrent_opens_get_distinct_numbers()
    {
        var customer = await CustomerAsync();
        var cases = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => _client.OpenCaseAsync(customer)));
        Assert.Equal(12, cases.Select(c => c.Text("number")).Distinct().Count());
    }

    [Fact]
    public async Task The_status_machine_allows_its_moves_counts_reopens_and_keeps_closed_final()
    {
        var customer = await CustomerAsync();
        var supportCase = await _client.OpenCaseAsync(customer);

        // new → closed is not a move; the problem names the allowed ones.
        var refused = await _client.PatchCaseAsync(supportCase, new { status = "closed" }, HttpStatusCode.Conflict);
        Assert.Equal("case-transition-not-allowed", refused.Text("code"));
        Assert.Equal(["open", "pending-customer", "on-hold", "solved"], refused["allowed"]!.AsArray().Select(a => a!.GetValue<string>()));

        await _client.PatchCaseAsync(supportCase, new { status = "on-hold" });
        await _client.PatchCaseAsync(supportCase, new { status = "pending-customer" });
        var solved = await _client.PatchCaseAsync(supportCase, new { status = "solved", resolution = new { summary = "Refunded the shipping", compensation = "refund", amount = 4.95m } });
        Assert.Equal("solved", solved.Text("status"));
        Assert.Equal("refund", solved["resolution"].Text("compensation"));
        Assert.Equal(4.95m, solved["resolution"]!["amount"]!.GetValue<decimal>());
        Assert.NotNull(solved["solvedAt"]);

        var reopened = await _client.PatchCaseAsync(supportCase, new { status = "open" });
        Assert.Equal(1, reopened["reopenCount"]!.GetValue<int>());
        Assert.Null(reopened["solvedAt"]);
        await _client.PatchCaseAsync(supportCase, new { status = "solved", resolution = new { summary = "Replaced the item" } });
        var closed = await _client.PatchCaseAsync(supportCase, new { status = "closed" });
        Assert.NotNull(closed["closedAt"]);

        var before = await api.DatabaseFingerprintAsync();
        Assert.Equal("case-closed", (await _client.PatchCaseAsync(supportCase, new { priority = "high" }, HttpStatusCode.Conflict)).Text("code"));
        Assert.Equal("case-closed", (await _client.PatchCaseAsync(supportCase, new { status = "open" }, HttpStatusCode.Conflict)).Text("code"));
        Assert.Equal("case-closed", (await _client.MessageAsync(supportCase, new { direction = "inbound", body = "Hello?" }, HttpStatusCode.Conflict)).Text("code"));
        Assert.Equal(before, await api.DatabaseFingerprintAsync());

        var changes = await _client.CustomerEventsAsync(customer, "case.status-changed");
        Assert.Equal(
            ["new→on-hold", "on-hold→pending-customer", "pending-customer→solved", "solved→open", "open→solved", "solved→closed"],
            changes.Select(e => $"{e["data"].Text("from")}→{e["data"].Text("to")}"));

        // A new case follows the closed one up.
        var followUp = await _client.OpenCaseAsync(customer, new { channel = "email", category = "complaint", subject = "Still broken", linkedCaseId = supportCase.Text("id") });
        Assert.Equal(supportCase.Text("id"), followUp.Text("linkedCaseId"));
    }

    [Fact]
    public async Task Solving_needs_a_resolution_and_a_resolution_needs_solving_and_bad_input_changes_nothing()
    {
        var customer = await CustomerAsync();
        var other = await CustomerAsync();
        var supportCase = await _client.OpenCaseAsync(customer);
        var open = await _client.OpenCaseAsync(customer);
        var othersOrder = await OrderOfAsync(other);
        var before = await api.DatabaseFingerprintAsync();

        Assert.True((await _client.PatchCaseAsync(supportCase, new { status = "solved" }, HttpStatusCode.BadRequest))["errors"]!["resolution"] is not null);
        Assert.True((await _client.PatchCaseAsync(supportCase, new { resolution = new { summary = "x" } }, HttpStatusCode.BadRequest))["errors"]!["resolution"] is not null);
        Assert.True((await _client.PatchCaseAsync(supportCase, new { status = "solved", resolution = new { summary = "x", compensation = "voucher" } }, HttpStatusCode.BadRequest))["errors"]!["resolution.amount"] is not null);
        Assert.True((await _client.PatchCaseAsync(supportCase, new { status = "solved", resolution = new { summary = "x", compensation = "points", amount = 2.5 } }, HttpStatusCode.BadRequest))["errors"]!["resolution.amount"] is not null);
        Assert.True((await _client.PatchCaseAsync(supportCase, new { status = "solved", resolution = new { summary = "x", amount = 3 } }, HttpStatusCode.BadRequest))["errors"]!["resolution.amount"] is not null);
        Assert.True((await _client.PatchCaseAsync(supportCase, new { status = "archived" }, HttpStatusCode.BadRequest))["errors"]!["status"] is not null);
        Assert.True((await _client.PatchCaseAsync(supportCase, new { number = "CS-1" }, HttpStatusCode.BadRequest))["errors"]!["number"] is not null);
        Assert.True((await _client.PatchCaseAsync(supportCase, new { at = DateTimeOffset.UtcNow.AddHours(1) }, HttpStatusCode.BadRequest))["errors"]!["at"] is not null);

        foreach (var (body, member) in new (object, string)[]
        {
            (new { category = "complaint", subject = "x" }, "channel"),
            (new { channel = "email", category = "complaint", subject = " " }, "subject"),
            (new { channel = "pigeon", category = "complaint", subject = "x" }, "channel"),
            (new { channel = "email", category = "complaint", subject = "x", openedAt = DateTimeOffset.UtcNow.AddMinutes(5) }, "openedAt"),
            (new { channel = "email", category = "complaint", subject = "x", linkedCaseId = open.Text("id") }, "linkedCaseId"),
            (new { channel = "email", category = "complaint", subject = "x", orderId = othersOrder }, "orderId"),
        })
        {
            using var response = await _client.PostAsync($"/api/v1/customers/{customer}/cases", Requests.Json(body));
            var problem = await response.AssertProblemAsync(400);
            Assert.True(problem["errors"]![member] is not null, problem.ToJsonString());
        }

        foreach (var (body, member) in new (object, string)[]
        {
            (new { body = "x" }, "direction"),
            (new { direction = "inbound", authorType = "agent", body = "x" }, "authorType"),
            (new { direction = "outbound", authorType = "customer", body = "x" }, "authorType"),
            (new { direction = "internal", @public = true, body = "x" }, "public"),
            (new { direction = "outbound", body = "" }, "body"),
            (new { direction = "outbound", body = "x", status = "solved" }, "resolution"),
            (new { direction = "outbound", body = "x", sentAt = DateTimeOffset.UtcNow.AddHours(2) }, "sentAt"),
        })
        {
            var problem = await _client.MessageAsync(supportCase, body, HttpStatusCode.BadRequest);
            Assert.True(problem["errors"]![member] is not null, problem.ToJsonString());
        }

        Assert.Equal(before, await api.DatabaseFingerprintAsync());
    }

    [Fact]
    public async Task Only_an_agents_public_reply_is_a_response_and_a_customers_message_brings_a_waiting_or_solved_case_back()
    {
        var customer = await CustomerAsync();
        var supportCase = await _client.OpenCaseAsync(customer);

        var note = await _client.MessageAsync(supportCase, new { direction = "internal", body = "Check the courier." });
        Assert.False(note["message"]!["isResponse"]!.GetValue<bool>());
        Assert.False(note["message"]!["public"]!.GetValue<bool>());
        var system = await _client.MessageAsync(supportCase, new { direction = "outbound", authorType = "system", body = "We received your request." });
        Assert.False(system["message"]!["isResponse"]!.GetValue<bool>());
        Assert.Equal("new", system["case"].Text("status"));
        Assert.Null(system["case"]!["firstRespondedAt"]);

        // Reply and set pending-customer in one request: the reply opens the case first.
        var reply = await _client.MessageAsync(supportCase, new { direction = "outbound", body = "Sorry! Could you send a photo?", status = "pending-customer" });
        Assert.True(reply["message"]!["isResponse"]!.GetValue<bool>());
        Assert.Equal("pending-customer", reply["case"].Text("status"));
        Assert.Equal(reply["message"]!["sentAt"]!.GetValue<DateTimeOffset>(), reply["case"]!["firstRespondedAt"]!.GetValue<DateTimeOffset>());
        Assert.Equal(
            ["new→open", "open→pending-customer"],
            (await _client.CustomerEventsAsync(customer, "case.status-changed")).Select(e => $"{e["data"].Text("from")}→{e["data"].Text("to")}"));

        var photo = await _client.MessageAsync(supportCase, new { direction = "inbound", body = "Here it is." });
        Assert.Equal("open", photo["case"].Text("status"));
        Assert.Equal("customer", photo["message"].Text("authorType"));

        await _client.PatchCaseAsync(supportCase, new { status = "solved", resolution = new { summary = "Sent a new one" } });
        var again = await _client.MessageAsync(supportCase, new { direction = "inbound", body = "The new one is broken too." });
        Assert.Equal("open", again["case"].Text("status"));
        Assert.Equal(1, again["case"]!["reopenCount"]!.GetValue<int>());
        Assert.Equal(5, again["case"]!["messageCount"]!.GetValue<int>());

        var messages = (await _client.GetFromJsonAsync<JsonObject>($"/api/v1/cases/{supportCase["id"]}/messages?limit=2"))!;
        Assert.Equal(["Check the courier.", "We received your request."], messages["items"]!.AsArray().Select(m => m.Text("body")));
        var rest = (await _client.GetFromJsonAsync<JsonObject>($"/api/v1/cases/{supportCase["id"]}/messages?limit=200&cursor={Uri.EscapeDataString(messages.Text("nextCursor")!)}"))!;
        Assert.Equal(3, rest["items"]!.AsArray().Count);
        Assert.Equal(5, (await _client.CustomerEventsAsync(customer, "case.message-added")).Count);
    }

    [Fact]
    public async Task Imported_history_keeps_its_instants_in_order_and_refuses_an_earlier_one()
    {
        var customer = await CustomerAsync();
        var supportCase = await _client.OpenCaseAsync(customer, new { channel = "email", category = "quality", subject = "Old ticket", priority = "high", openedAt = "2025-03-03T08:00:00Z" });
        Assert.Equal(DateTimeOffset.Parse("2025-03-03T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture), supportCase["openedAt"]!.GetValue<DateTimeOffset>());

        var reply = await _client.MessageAsync(supportCase, new { direction = "outbound", body = "Looking into it.", sentAt = "2025-03-03T09:30:00Z" });
        Assert.Equal("2025-03-03T09:30:00Z", reply["case"].Text("firstRespondedAt"));
        await _client.PatchCaseAsync(supportCase, new { priority = "urgent", at = "2025-03-03T10:00:00Z" });
        var solved = await _client.PatchCaseAsync(supportCase, new { status = "solved", resolution = new { summary = "Fixed" }, at = "2025-03-04T12:00:00Z" });
        Assert.Equal("2025-03-04T12:00:00Z", solved.Text("solvedAt"));
        Assert.Equal("2025-03-04T12:00:00Z", solved.Text("lastActivityAt"));

        var before = await api.DatabaseFingerprintAsync();
        var early = await _client.MessageAsync(supportCase, new { direction = "inbound", body = "Late", sentAt = "2025-03-04T11:59:59Z" }, HttpStatusCode.Conflict);
        Assert.Equal("case-change-before-last", early.Text("code"));
        Assert.Equal("case-change-before-last", (await _client.PatchCaseAsync(supportCase, new { status = "closed", at = "2025-03-01T00:00:00Z" }, HttpStatusCode.Conflict)).Text("code"));
        Assert.Equal(before, await api.DatabaseFingerprintAsync());

        var history = (await _client.GetCaseAsync(supportCase))["history"]!.AsArray();
        Assert.Equal(
            ["2025-03-03T08:00:00Z status →new", "2025-03-03T09:30:00Z status new→open", "2025-03-03T10:00:00Z priority high→urgent", "2025-03-04T12:00:00Z status open→solved"],
            history.Select(h => $"{h.Text("at")} {h.Text("field")} {h.Text("from")}→{h.Text("to")}"));
        var statusEvents = await _client.CustomerEventsAsync(customer, "case.status-changed");
        Assert.Equal(["2025-03-03T09:30:00Z", "2025-03-04T12:00:00Z"], statusEvents.Select(e => e["data"].Text("at")));
    }

    [Fact]
    public async Task Solving_creates_one_satisfaction_call_due_the_next_business_day_and_solving_again_after_a_reopen_another()
    {
        var customer = await CustomerAsync(Ada);
        var supportCase = await _client.OpenCaseAsync(customer, new { channel = "chat", category = "complaint", subject = "Rude courier", assigneeId = Grace, openedAt = "2026-11-26T09:00:00Z" });

        // Solved on Friday 2026-11-27 (UTC, the test deployment's zone): due Monday 2026-11-30.
        await _client.PatchCaseAsync(supportCase, new { status = "solved", resolution = new { summary = "Apologised" }, at = "2026-11-27T16:00:00Z" });
        var task = Assert.Single(await _client.TasksOfAsync(customer));
        Assert.Equal("call", task.Text("type"));
        Assert.Equal("case", task.Text("source"));
        Assert.Equal(supportCase.Text("id"), task.Text("sourceRef"));
        Assert.Equal("2026-11-30", task.Text("dueDate"));
        Assert.Equal(Grace.ToString(), task.Text("ownerId"));
        Assert.Contains(supportCase.Text("number")!, task.Text("subject")!, StringComparison.Ordinal);

        // Reopened on Monday and solved again on Tuesday: a second call, due Wednesday.
        await _client.MessageAsync(supportCase, new { direction = "inbound", body = "Not satisfied.", sentAt = "2026-11-30T08:00:00Z" });
        await _client.PatchCaseAsync(supportCase, new { status = "solved", resolution = new { summary = "Voucher sent", compensation = "voucher", amount = 10 }, at = "2026-12-01T10:00:00Z" });
        var tasks = await _client.TasksOfAsync(customer);
        Assert.Equal(["2026-11-30", "2026-12-02"], tasks.Select(t => t.Text("dueDate")));
        Assert.Equal(2, tasks.Select(t => t.Text("dedupeKey")).Distinct().Count());
    }

    [Fact]
    public async Task Lists_filter_by_status_priority_assignee_and_category_and_agents_see_their_customers_and_their_assigned_cases()
    {
        var mine = await CustomerAsync(Ada);
        var others = await CustomerAsync(Grace);
        var own = await _client.OpenCaseAsync(mine, new { channel = "email", category = "billing", subject = "Double charge", priority = "urgent" });
        var assigned = await _client.OpenCaseAsync(others, new { channel = "web", category = "return", subject = "Return label", assigneeId = Ada });
        var hidden = await _client.OpenCaseAsync(others, new { channel = "web", category = "return", subject = "Not Ada's" });
        await _client.PatchCaseAsync(own, new { status = "on-hold" });

        var agent = api.AsRole("agent", Ada);
        var visible = (await new ApiClient(agent).AllPagesAsync("/api/v1/cases?limit=200", 200)).Select(c => c.Text("id")).ToList();
        Assert.Contains(own.Text("id"), visible);
        Assert.Contains(assigned.Text("id"), visible);
        Assert.DoesNotContain(hidden.Text("id"), visible);
        using (var notFound = await agent.GetAsync($"/api/v1/cases/{hidden["id"]}"))
        {
            await notFound.AssertProblemAsync(404);
        }

        Assert.Equal("Return label", (await agent.GetCaseAsync(assigned)).Text("subject"));
        await agent.MessageAsync(assigned, new { direction = "outbound", body = "Label attached." });

        var ids = async (string query) => (await new ApiClient(_client).AllPagesAsync($"/api/v1/customers/{mine}/cases?limit=200{query}", 200)).Select(c => c.Text("id")).ToList();
        Assert.Equal([own.Text("id")], await ids("&status=on-hold,solved"));
        Assert.Empty(await ids("&status=new"));
        Assert.Equal([own.Text("id")], await ids("&priority=urgent,high&category=billing"));
        Assert.Equal([own.Text("id")], await ids($"&assigneeId={Ada}"));
        using (var bad = await _client.GetAsync("/api/v1/cases?status=lost"))
        {
            await bad.AssertProblemAsync(400);
        }

        var before = await api.DatabaseFingerprintAsync();
        using (var viewer = await api.AsRole("viewer").PostAsync($"/api/v1/customers/{mine}/cases", Requests.Json(new { channel = "email", category = "complaint", subject = "x" })))
        {
            await viewer.AssertProblemAsync(403);
        }

        using (var stranger = await agent.PostAsync($"/api/v1/customers/{others}/cases", Requests.Json(new { channel = "email", category = "complaint", subject = "x" })))
        {
            await stranger.AssertProblemAsync(404);
        }

        Assert.Equal(before, await api.DatabaseFingerprintAsync());
        using var read = await api.AsRole("viewer").GetAsync($"/api/v1/cases/{own["id"]}");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
    }

    private async Task<string> OrderOfAsync(Guid customer)
    {
        var order = await _client.AddOrderAsync(customer, DateTimeOffset.UtcNow.AddDays(-3), 20m);
        return order.ToString();
    }
}
