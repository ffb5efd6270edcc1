using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CustomerRetention.Api.Tests.FollowUps;
using CustomerRetention.Api.Tests.ServiceLevels;
using CustomerRetention.Api.Tests.Support;
using CustomerRetention.Infrastructure.Cases;
using CustomerRetention.Infrastructure.Persistence;
using Microsoft.Extensions.DependencyInjection;

namespace CustomerRetention.Api.Tests.Cases;

/// <summary>
/// The SLA clocks of cases (SPEC §9.3) over HTTP, with history imported at chosen instants. Every
/// expected instant below was worked out by hand on the test calendar — Europe/Berlin, Monday to
/// Friday 09:00–12:00 and 13:00–17:00 (seven business hours a day), closed on 2026-11-11 — and is
/// written next to its reasoning, so the tests check the clocks against an independent count.
/// Each test selects its own policy through a customer tag.
/// </summary>
public sealed class CaseSlaTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = api.CreateClient();

    private async Task<string> BerlinCalendarAsync() => (await _client.CreateCalendarAsync(new
    {
        name = $"Berlin desk {Guid.NewGuid():N}",
        timeZone = "Europe/Berlin",
        weekly = new[] { "monday", "tuesday", "wednesday", "thursday", "friday" }
            .SelectMany(day => new object[] { new { day, start = "09:00", end = "12:00" }, new { day, start = "13:00", end = "17:00" } }).ToArray(),
        holidays = new[] { new { date = "2026-11-11", name = "Desk closed" } },
    })).Str("id")!;

    /// <summary>A policy for customers tagged <paramref name="tag"/>, and one such customer.</summary>
    private async Task<(string Policy, Guid Customer)> PolicyForAsync(string tag, string hoursMode, object[] targets, string? calendarId = null, int warnAtPercent = 75)
    {
        var policy = await _client.CreatePolicyAsync(new
        {
            name = $"Policy {tag}",
            position = 1,
            conditions = new { tags = new[] { tag } },
            calendarId,
            hoursMode,
            warnAtPercent,
            targets,
        });
        return (policy.Str("id")!, await api.CustomerAsync("2026-01-01T00:00:00Z", tags: [tag]));
    }

    private static object Target(string metric, string priority, int minutes) => new { metric, priority, minutes };

    private async Task<JsonObject> SlaAsync(JsonNode supportCase) =>
        (await _client.GetFromJsonAsync<JsonObject>($"/api/v1/cases/{supportCase["id"]}/sla"))!;

    private static JsonNode TargetOf(JsonObject sla, string metric, int instance = 1) =>
        sla["targets"]!.AsArray().Single(t => t.Text("metric") == metric && t!["instance"]!.GetValue<int>() == instance)!;

    private static DateTimeOffset At(JsonNode node, string member) => node[member]!.GetValue<DateTimeOffset>();

    private static DateTimeOffset Utc(string text) => DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    private static object Reply(string sentAt, string? status = null) =>
        new { direction = "outbound", authorType = "agent", @public = true, body = "We are on it.", sentAt, status };

    private static object FromCustomer(string sentAt) => new { direction = "inbound", authorType = "customer", @public = true, body = "Any news?", sentAt };

    [Fact]
    public async Task A_case_opened_on_a_friday_before_closing_counts_across_the_weekend_and_the_dst_change()
    {
        var calendar = await BerlinCalendarAsync();
        var (policy, customer) = await PolicyForAsync("sla-friday", "business", [Target("first-response", "normal", 60), Target("resolution", "normal", 600)], calendar);

        // Friday 2026-10-23 16:30 CEST (14:30Z); the clocks go back on Sunday, so Monday is CET (+1).
        var opened = await _client.OpenCaseAsync(customer, new { channel = "email", category = "complaint", subject = "Broken lid", openedAt = "2026-10-23T14:30:00Z" });
        Assert.Equal(policy, opened.Text("slaPolicyId"));
        Assert.Equal(1, opened["slaPolicyVersion"]!.GetValue<int>());

        // Monday 09:20 CET: 30 minutes on Friday + 20 on Monday.
        await _client.MessageAsync(opened, Reply("2026-10-26T08:20:00Z"));

        // Tuesday 12:00 CET, after the resolution was due.
        await _client.PatchCaseAsync(opened, new { status = "solved", at = "2026-10-27T11:00:00Z", resolution = new { summary = "Replaced", compensation = "none" } });

        var sla = await SlaAsync(opened);
        Assert.Equal("missed", sla.Text("state"));
        Assert.Equal(policy, sla["policy"].Text("id"));
        Assert.Equal("business", sla["policy"].Text("hoursMode"));

        var first = TargetOf(sla, "first-response");
        Assert.Equal("achieved", first.Text("state"));
        Assert.Equal(Utc("2026-10-23T14:30:00Z"), At(first, "startedAt"));

        // 30 minutes on Friday (16:30–17:00 CEST), then Monday 09:00–09:30 CET = 08:30Z; the warning at 45 minutes is 08:15Z.
        Assert.Equal(Utc("2026-10-26T08:30:00Z"), At(first, "dueAt"));
        Assert.Equal(Utc("2026-10-26T08:15:00Z"), At(first, "warnAt"));
        Assert.Equal(Utc("2026-10-26T08:20:00Z"), At(first, "achievedAt"));
        Assert.Equal(50, first["elapsedMinutes"]!.GetValue<double>());

        // Friday 14:30Z to Monday 08:20Z of real time: 65 h 50 min.
        Assert.Equal(3950, first["elapsedCalendarMinutes"]!.GetValue<double>());
        Assert.Null(first["breachedAt"]);

        // 600 minutes: 30 on Friday, 420 on Monday (09–12, 13–17), 150 on Tuesday from 09:00 → 11:30 CET = 10:30Z.
        var resolution = TargetOf(sla, "resolution");
        Assert.Equal(Utc("2026-10-27T10:30:00Z"), At(resolution, "dueAt"));
        Assert.Equal("breached-achieved", resolution.Text("state"));
        Assert.Equal(Utc("2026-10-27T10:30:00Z"), At(resolution, "breachedAt"));
        Assert.Equal(Utc("2026-10-27T11:00:00Z"), At(resolution, "achievedAt"));

        // Tuesday 10:30Z–11:00Z is 11:30–12:00 CET, inside the hours: 630 business minutes.
        Assert.Equal(630, resolution["elapsedMinutes"]!.GetValue<double>());

        var breaches = await _client.CustomerEventsAsync(customer, "sla.breached");
        var breach = Assert.Single(breaches);
        Assert.Equal("resolution", breach["data"].Text("metric"));
        Assert.Equal(opened.Text("number"), breach["data"].Text("caseNumber"));
        Assert.Equal("normal", breach["data"].Text("priority"));
        Assert.Equal(Utc("2026-10-27T10:30:00Z"), At(breach["data"]!, "breachedAt"));
        Assert.Empty(await _client.CustomerEventsAsync(customer, "sla.warning"));

        var missed = (await _client.GetFromJsonAsync<JsonObject>($"/api/v1/customers/{customer}/cases?slaState=missed"))!["items"]!.AsArray();
        Assert.Equal(opened.Text("id"), Assert.Single(missed).Text("id"));
        Assert.Empty((await _client.GetFromJsonAsync<JsonObject>($"/api/v1/customers/{customer}/cases?slaState=hit,active"))!["items"]!.AsArray());
    }

    [Fact]
    public async Task Calendar_minutes_count_real_time_so_the_due_wall_clock_moves_across_a_dst_change()
    {
        var (_, customer) = await PolicyForAsync("sla-dst", "calendar", [Target("first-response", "urgent", 1440)]);

        // Saturday 2026-10-24 12:00 CEST; 24 real hours later it is Sunday 11:00 CET.
        var opened = await _client.OpenCaseAsync(customer, new { channel = "chat", category = "quality", subject = "Urgent", priority = "urgent", openedAt = "2026-10-24T10:00:00Z" });
        await _client.MessageAsync(opened, Reply("2026-10-25T09:59:00Z"));
        var sla = await SlaAsync(opened);
        var first = TargetOf(sla, "first-response");
        Assert.Equal(Utc("2026-10-25T10:00:00Z"), At(first, "dueAt"));
        Assert.Equal("achieved", first.Text("state"));
        Assert.Equal(1439, first["elapsedMinutes"]!.GetValue<double>());
        Assert.Equal("hit", sla.Text("state"));
        Assert.Single(sla["targets"]!.AsArray());
    }

    [Fact]
    public async Task Resolution_pauses_while_pending_customer_across_a_holiday_and_next_response_counts_only_customer_messages()
    {
        var calendar = await BerlinCalendarAsync();
        var (_, customer) = await PolicyForAsync(
            "sla-pause", "business", [Target("first-response", "normal", 120), Target("next-response", "normal", 60), Target("resolution", "normal", 480)], calendar);

        // Tuesday 2026-11-10 11:00 CET.
        var opened = await _client.OpenCaseAsync(customer, new { channel = "email", category = "delivery", subject = "Where is it?", openedAt = "2026-11-10T10:00:00Z" });

        // 13:00 CET: reply and wait on the customer in one request — the reply counts first.
        var replied = await _client.MessageAsync(opened, Reply("2026-11-10T12:00:00Z", "pending-customer"));
        Assert.Equal("pending-customer", replied["case"].Text("status"));
        var paused = await SlaAsync(opened);
        Assert.Equal("achieved", TargetOf(paused, "first-response").Text("state"));
        Assert.Equal(60, TargetOf(paused, "first-response")["elapsedMinutes"]!.GetValue<double>());
        Assert.Equal("paused", TargetOf(paused, "resolution").Text("state"));

        // Thursday 10:00 CET: the customer writes (the case opens again), then writes again, and an agent leaves an internal note.
        await _client.MessageAsync(opened, FromCustomer("2026-11-12T09:00:00Z"));
        await _client.MessageAsync(opened, FromCustomer("2026-11-12T09:30:00Z"));
        await _client.MessageAsync(opened, new { direction = "internal", authorType = "agent", @public = false, body = "Asked the carrier.", sentAt = "2026-11-12T09:40:00Z" });
        await _client.MessageAsync(opened, new { direction = "outbound", authorType = "system", @public = true, body = "We received your message.", sentAt = "2026-11-12T09:41:00Z" });

        // Thursday 11:20 CET: the agent's reply, 20 minutes after the next response was due (10:00 CET + 60 = 11:00 CET = 10:00Z).
        await _client.MessageAsync(opened, Reply("2026-11-12T10:20:00Z"));

        var sla = await SlaAsync(opened);
        var next = TargetOf(sla, "next-response");
        Assert.Equal(Utc("2026-11-12T09:00:00Z"), At(next, "startedAt"));
        Assert.Equal(Utc("2026-11-12T10:00:00Z"), At(next, "dueAt"));
        Assert.Equal("breached-achieved", next.Text("state"));
        Assert.Equal(Utc("2026-11-12T10:20:00Z"), At(next, "achievedAt"));
        Assert.Single(sla["targets"]!.AsArray(), t => t.Text("metric") == "next-response");

        // Paused from Tuesday 13:00 to Thursday 10:00 CET: Tuesday 13–17 (240) + the closed Wednesday (0) + Thursday 09–10 (60) = 300.
        // 60 minutes were consumed before the pause; the other 420 run from Thursday 10:00: 10–12 (120), 13–17 (240), Friday 09–10 (60) → Friday 09:00Z.
        var resolution = TargetOf(sla, "resolution");
        Assert.Equal(300, resolution["pausedMinutes"]!.GetValue<double>());
        Assert.Equal(Utc("2026-11-13T09:00:00Z"), At(resolution, "dueAt"));

        // Now is long after that, and nobody solved it: it breached at its due time.
        Assert.Equal("breached", resolution.Text("state"));
        Assert.Equal(Utc("2026-11-13T09:00:00Z"), At(resolution, "breachedAt"));
        Assert.Equal("active-with-misses", sla.Text("state"));

        // The imported reply recorded the next response's breach at once; the resolution's is recorded by the scheduler after the import window.
        Assert.Equal(["next-response"], (await _client.CustomerEventsAsync(customer, "sla.breached")).Select(e => e["data"].Text("metric")).ToList());
        await TickAsync(DateTimeOffset.UtcNow + TimeSpan.FromMinutes(11));
        var breached = (await _client.CustomerEventsAsync(customer, "sla.breached")).Select(e => e["data"].Text("metric")).Order().ToList();
        Assert.Equal(["next-response", "resolution"], breached);
    }

    [Fact]
    public async Task A_priority_change_recomputes_from_the_start_keeping_paused_time_and_breaches_at_once_when_already_exceeded()
    {
        var (_, customer) = await PolicyForAsync("sla-priority", "calendar", [
            Target("first-response", "low", 240), Target("first-response", "high", 30), Target("first-response", "urgent", 30),
            Target("resolution", "low", 240), Target("resolution", "high", 240), Target("resolution", "urgent", 60)]);
        var body = new { channel = "phone", category = "billing", subject = "Charged twice", priority = "low", openedAt = "2026-11-16T10:00:00Z" };

        // Raised to high at 10:20 while 30 minutes are not yet exceeded: due 10:30, met at 10:25.
        var inTime = await _client.OpenCaseAsync(customer, body);
        await _client.PatchCaseAsync(inTime, new { priority = "high", at = "2026-11-16T10:20:00Z" });
        await _client.MessageAsync(inTime, Reply("2026-11-16T10:25:00Z"));
        var first = TargetOf(await SlaAsync(inTime), "first-response");
        Assert.Equal(Utc("2026-11-16T10:30:00Z"), At(first, "dueAt"));
        Assert.Equal(30, first["targetMinutes"]!.GetValue<int>());
        Assert.Equal("achieved", first.Text("state"));

        // Raised to high at 10:45, when 30 minutes are already exceeded: breached at once, at 10:45.
        var late = await _client.OpenCaseAsync(customer, body);
        var raised = await _client.PatchCaseAsync(late, new { priority = "high", at = "2026-11-16T10:45:00Z" });
        Assert.Equal("active-with-misses", raised.Text("slaState"));
        var breach = Assert.Single(await _client.CustomerEventsAsync(customer, "sla.breached"), e => e["data"].Text("caseId") == late.Text("id"));
        Assert.Equal(Utc("2026-11-16T10:45:00Z"), At(breach["data"]!, "breachedAt"));
        Assert.Equal("high", breach["data"].Text("priority"));
        await _client.MessageAsync(late, Reply("2026-11-16T10:50:00Z"));
        Assert.Equal("breached-achieved", TargetOf(await SlaAsync(late), "first-response").Text("state"));

        // Pending 10:30–11:30 (60 minutes paused), raised to urgent at 11:40: 40 minutes consumed, due 10:00 + 60 + 60 paused = 12:00.
        var pausedCase = await _client.OpenCaseAsync(customer, body);
        await _client.MessageAsync(pausedCase, Reply("2026-11-16T10:10:00Z"));
        await _client.PatchCaseAsync(pausedCase, new { status = "pending-customer", at = "2026-11-16T10:30:00Z" });
        await _client.PatchCaseAsync(pausedCase, new { status = "open", at = "2026-11-16T11:30:00Z" });
        Assert.Equal(Utc("2026-11-16T15:00:00Z"), At(TargetOf(await SlaAsync(pausedCase), "resolution"), "dueAt"));
        await _client.PatchCaseAsync(pausedCase, new { priority = "urgent", at = "2026-11-16T11:40:00Z" });
        await _client.PatchCaseAsync(pausedCase, new { status = "solved", at = "2026-11-16T11:55:00Z", resolution = new { summary = "Refunded", compensation = "refund", amount = 12.5 } });
        var resolution = TargetOf(await SlaAsync(pausedCase), "resolution");
        Assert.Equal(Utc("2026-11-16T12:00:00Z"), At(resolution, "dueAt"));
        Assert.Equal(60, resolution["targetMinutes"]!.GetValue<int>());
        Assert.Equal("achieved", resolution.Text("state"));
        Assert.Equal(60, resolution["pausedMinutes"]!.GetValue<double>());
        Assert.Equal(55, resolution["elapsedMinutes"]!.GetValue<double>());
        Assert.Equal(115, resolution["elapsedCalendarMinutes"]!.GetValue<double>());
    }

    [Fact]
    public async Task A_category_change_that_selects_another_policy_records_it_and_keeps_the_original_start()
    {
        var (first, customer) = await PolicyForAsync("sla-switch", "calendar", [Target("first-response", "normal", 600)]);
        var other = await _client.CreatePolicyAsync(new
        {
            name = "Switch billing", position = 0, conditions = new { tags = new[] { "sla-switch" }, categories = new[] { "billing" } },
            hoursMode = "calendar", targets = new[] { Target("first-response", "normal", 90) },
        });
        var opened = await _client.OpenCaseAsync(customer, new { channel = "web", category = "inquiry", subject = "Question", openedAt = "2026-11-18T08:00:00Z" });
        Assert.Equal(first, opened.Text("slaPolicyId"));
        var moved = await _client.PatchCaseAsync(opened, new { category = "billing", at = "2026-11-18T09:00:00Z" });
        Assert.Equal(other.Str("id"), moved.Text("slaPolicyId"));
        var target = TargetOf(await SlaAsync(opened), "first-response");
        Assert.Equal(Utc("2026-11-18T08:00:00Z"), At(target, "startedAt"));
        Assert.Equal(Utc("2026-11-18T09:30:00Z"), At(target, "dueAt"));
    }

    [Fact]
    public async Task The_scheduler_warns_and_breaches_each_target_exactly_once_however_often_it_runs()
    {
        var (_, customer) = await PolicyForAsync("sla-tick", "calendar", [Target("first-response", "normal", 10), Target("resolution", "normal", 20)], warnAtPercent: 50);
        var opened = await _client.OpenCaseAsync(customer, new { channel = "email", category = "return", subject = "Return label" });
        var start = opened["openedAt"]!.GetValue<DateTimeOffset>();
        Assert.Equal("active", opened.Text("slaState"));

        // Two schedulers at once: one takes the case, the other skips it.
        await Task.WhenAll(TickAsync(start.AddMinutes(6)), TickAsync(start.AddMinutes(6)));
        await TickAsync(start.AddMinutes(7));
        var warnings = await _client.CustomerEventsAsync(customer, "sla.warning");
        Assert.Equal("first-response", Assert.Single(warnings)["data"].Text("metric"));

        // At 12 minutes the first response (due at 10) breaches and the resolution (due at 20) reaches its warning point (10).
        await TickAsync(start.AddMinutes(12));
        await TickAsync(start.AddMinutes(12));
        Assert.Equal(2, (await _client.CustomerEventsAsync(customer, "sla.warning")).Count);
        await Task.WhenAll(TickAsync(start.AddMinutes(25)), TickAsync(start.AddMinutes(25)));
        await TickAsync(start.AddMinutes(30));
        var breaches = await _client.CustomerEventsAsync(customer, "sla.breached");
        Assert.Equal(["first-response", "resolution"], breaches.Select(b => b["data"].Text("metric")).Order().ToList());
        Assert.Equal(start.AddMinutes(10), At(breaches.Single(b => b["data"].Text("metric") == "first-response")["data"]!, "breachedAt"));
        Assert.Equal(start.AddMinutes(20), At(breaches.Single(b => b["data"].Text("metric") == "resolution")["data"]!, "breachedAt"));
        Assert.Equal(2, (await _client.CustomerEventsAsync(customer, "sla.warning")).Count);
        var sla = await SlaAsync(opened);
        Assert.Equal("active-with-misses", sla.Text("state"));
        Assert.All(sla["targets"]!.AsArray(), t => Assert.Equal("breached", t.Text("state")));
        Assert.Equal(0L, await api.ScalarAsync<long>($"SELECT count(*) FROM cases WHERE id = '{opened["id"]}' AND sla_next_check_at IS NOT NULL"));
    }

    [Fact]
    public async Task Imported_history_computes_as_if_live_and_a_breach_it_shows_is_recorded_at_once()
    {
        var (_, customer) = await PolicyForAsync("sla-import", "calendar", [Target("first-response", "high", 15)]);
        var body = new { channel = "store", category = "quality", subject = "Scratched", priority = "high", openedAt = "2026-11-20T10:00:00Z" };

        // Answered at 10:10 by the imported history, before its 10:15 due time: achieved, although the import ran weeks later.
        var inTime = await _client.OpenCaseAsync(customer, body);
        await _client.MessageAsync(inTime, Reply("2026-11-20T10:10:00Z"));
        Assert.Equal("achieved", TargetOf(await SlaAsync(inTime), "first-response").Text("state"));
        Assert.Equal("hit", (await _client.GetCaseAsync(inTime)).Text("slaState"));

        // Answered at 11:00: the imported reply shows the due time passed first — breached at once, in that request, and achieved after.
        var late = await _client.OpenCaseAsync(customer, body);
        Assert.Empty(await _client.CustomerEventsAsync(customer, "sla.breached"));
        var replied = await _client.MessageAsync(late, Reply("2026-11-20T11:00:00Z"));
        Assert.Equal("missed", replied["case"].Text("slaState"));
        var breach = Assert.Single(await _client.CustomerEventsAsync(customer, "sla.breached"));
        Assert.Equal(late.Text("id"), breach["data"].Text("caseId"));
        Assert.Equal(Utc("2026-11-20T10:15:00Z"), At(breach["data"]!, "breachedAt"));
        Assert.Equal("breached-achieved", TargetOf(await SlaAsync(late), "first-response").Text("state"));

        // Nothing more imported: the SLA reads breached as of now at once; the scheduler records it when the import window has passed.
        var silent = await _client.OpenCaseAsync(customer, body);
        var now = silent["createdAt"]!.GetValue<DateTimeOffset>();
        var shown = await SlaAsync(silent);
        Assert.Equal("breached", TargetOf(shown, "first-response").Text("state"));
        Assert.Equal(Utc("2026-11-20T10:15:00Z"), At(TargetOf(shown, "first-response"), "breachedAt"));
        Assert.Equal("active-with-misses", shown.Text("state"));
        await TickAsync(now.AddMinutes(5));
        Assert.Single(await _client.CustomerEventsAsync(customer, "sla.breached"));
        await TickAsync(now.AddMinutes(11));
        await TickAsync(now.AddMinutes(12));
        var breaches = await _client.CustomerEventsAsync(customer, "sla.breached");
        Assert.Equal(2, breaches.Count);
        Assert.Equal(Utc("2026-11-20T10:15:00Z"), At(breaches.Single(e => e["data"].Text("caseId") == silent.Text("id"))["data"]!, "breachedAt"));
        Assert.Equal("active-with-misses", (await _client.GetCaseAsync(silent)).Text("slaState"));
    }

    [Fact]
    public async Task The_satisfaction_call_is_due_the_next_business_day_of_the_case_policy_calendar()
    {
        var calendar = await BerlinCalendarAsync();
        var (_, customer) = await PolicyForAsync("sla-callback", "business", [Target("first-response", "normal", 60)], calendar);

        // Solved Tuesday 2026-11-10 16:00 CET: Wednesday is the desk's holiday, so the call is due Thursday.
        var beforeHoliday = await _client.OpenCaseAsync(customer, new { channel = "email", category = "complaint", subject = "Late", openedAt = "2026-11-10T09:00:00Z" });
        await _client.PatchCaseAsync(beforeHoliday, new { status = "solved", at = "2026-11-10T15:00:00Z", resolution = new { summary = "Apologised", compensation = "none" } });

        // Solved at 23:30Z on Thursday 2026-11-12, which is already Friday 00:30 in Berlin: due Monday, not Friday.
        var lateNight = await _client.OpenCaseAsync(customer, new { channel = "email", category = "complaint", subject = "Late again", openedAt = "2026-11-12T20:00:00Z" });
        await _client.PatchCaseAsync(lateNight, new { status = "solved", at = "2026-11-12T23:30:00Z", resolution = new { summary = "Apologised", compensation = "none" } });

        var due = (await _client.TasksOfAsync(customer)).ToDictionary(t => t.Text("sourceRef")!, t => t.Text("dueDate"));
        Assert.Equal("2026-11-12", due[beforeHoliday.Text("id")!]);
        Assert.Equal("2026-11-16", due[lateNight.Text("id")!]);
    }

    [Fact]
    public async Task A_bad_sla_state_filter_is_a_400_and_another_owners_case_sla_is_a_404()
    {
        using (var response = await _client.GetAsync("/api/v1/cases?slaState=late"))
        {
            Assert.Contains("slaState", (await response.AssertProblemAsync(400)).ErrorKeys());
        }

        var owner = TestCredentials.UserId("sla-owner");
        var customer = await api.CustomerAsync("2026-01-01T00:00:00Z", ownerId: owner);
        var opened = await _client.OpenCaseAsync(customer);
        using var other = await api.AsRole("agent", TestCredentials.UserId("sla-other")).GetAsync($"/api/v1/cases/{opened["id"]}/sla");
        await other.AssertProblemAsync(404);
        using var mine = await api.AsRole("agent", owner).GetAsync($"/api/v1/cases/{opened["id"]}/sla");
        Assert.Equal(HttpStatusCode.OK, mine.StatusCode);
        Assert.Equal(ServiceLevelApi.DefaultPolicyId, (await mine.ReadObjectAsync())["policy"].Text("id"));
    }

    private async Task TickAsync(DateTimeOffset now)
    {
        using var scope = api.Services.CreateScope();
        await SlaTick.TickAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>(), now, CancellationToken.None);
    }
}
