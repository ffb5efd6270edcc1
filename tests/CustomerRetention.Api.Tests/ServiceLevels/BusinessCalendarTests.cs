using System.Net;
using System.Text.Json.Nodes;
using CustomerRetention.Api.Tests.Support;

namespace CustomerRetention.Api.Tests.ServiceLevels;

/// <summary>Business calendars over HTTP: the seed, the CRUD contract (ETags, versions, events), validation, roles and the due endpoint.</summary>
public sealed class BusinessCalendarTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = api.CreateClient();

    private static object Berlin(string name) => new
    {
        name,
        timeZone = "Europe/Berlin",
        weekly = ServiceLevelApi.Weekdays9To17,
        holidays = new[] { new { date = "2025-04-18", name = "Good Friday" }, new { date = "2025-04-21", name = "Easter Monday" } },
    };

    [Fact]
    public async Task The_default_calendar_is_seeded_monday_to_friday_9_to_17_in_utc()
    {
        var seeded = JsonNode.Parse(await _client.GetStringAsync($"/api/v1/business-calendars/{ServiceLevelApi.SeededCalendarId}"))!;
        Assert.Equal("UTC", seeded.Str("timeZone"));
        var weekly = seeded["weekly"]!.AsArray();
        Assert.Equal(["monday", "tuesday", "wednesday", "thursday", "friday"], weekly.Select(i => i.Str("day")));
        Assert.All(weekly, i => Assert.Equal(("09:00", "17:00"), (i.Str("start"), i.Str("end"))));
        Assert.Empty(seeded["holidays"]!.AsArray());
        Assert.Equal(1, seeded["version"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_calendar_is_created_read_with_etags_replaced_and_deleted_with_an_event_each()
    {
        var created = await _client.CreateCalendarAsync(new
        {
            name = "Support desk",
            timeZone = "Europe/Berlin",
            weekly = new object[] { new { day = "tuesday", start = "13:00", end = "24:00" }, new { day = "monday", start = "09:00", end = "12:00" }, new { day = "tuesday", start = "09:00", end = "12:00" } },
            holidays = new[] { new { date = "2025-12-25", name = "Christmas Day" } },
        });
        var id = created.Str("id")!;

        // Monday first, each day in start order; 24:00 kept as written.
        Assert.Equal(["monday 09:00-12:00", "tuesday 09:00-12:00", "tuesday 13:00-24:00"], created["weekly"]!.AsArray().Select(i => $"{i.Str("day")} {i.Str("start")}-{i.Str("end")}"));
        Assert.Equal(1, created["version"]!.GetValue<int>());

        using (var get = await _client.GetAsync($"/api/v1/business-calendars/{id}"))
        {
            Assert.Equal(HttpStatusCode.OK, get.StatusCode);
            using var conditional = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/business-calendars/{id}");
            conditional.Headers.IfNoneMatch.Add(get.Headers.ETag!);
            using var notModified = await _client.SendAsync(conditional);
            Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        }

        using (var replaced = await _client.PutJsonAsync($"/api/v1/business-calendars/{id}", Berlin("Support desk"), created.Str("etag")))
        {
            var body = await replaced.ReadObjectAsync();
            Assert.True(replaced.StatusCode == HttpStatusCode.OK, body.ToJsonString());
            Assert.Equal(2, body["version"]!.GetValue<int>());
            Assert.Equal(body.Str("etag"), replaced.Headers.ETag!.ToString());
        }

        // The same body again changes nothing; the first ETag is stale now.
        using (var again = await _client.PutJsonAsync($"/api/v1/business-calendars/{id}", Berlin("Support desk")))
        {
            Assert.Equal(2, (await again.ReadObjectAsync())["version"]!.GetValue<int>());
        }

        using (var stale = await _client.PutJsonAsync($"/api/v1/business-calendars/{id}", Berlin("Other"), created.Str("etag")))
        {
            await stale.AssertProblemAsync(412);
        }

        using (var delete = await _client.DeleteAsync($"/api/v1/business-calendars/{id}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        }

        using (var gone = await _client.GetAsync($"/api/v1/business-calendars/{id}"))
        {
            await gone.AssertProblemAsync(404);
        }

        using (var deleteAgain = await _client.DeleteAsync($"/api/v1/business-calendars/{id}"))
        {
            await deleteAgain.AssertProblemAsync(404);
        }

        var types = await api.ScalarAsync<string>($"SELECT string_agg(type, ',' ORDER BY position) FROM events WHERE resource_id = '{id}'");
        Assert.Equal("calendar.created,calendar.updated,calendar.deleted", types);
    }

    [Theory]
    [InlineData("""{"timeZone":"UTC"}""", "name")]
    [InlineData("""{"name":"x"}""", "timeZone")]
    [InlineData("""{"name":"x","timeZone":"Mars/Olympus_Mons"}""", "timeZone")]
    [InlineData("""{"name":"x","timeZone":"UTC","weekly":[{"day":"monday","start":"9:00","end":"17:00"}]}""", "weekly[0].start")]
    [InlineData("""{"name":"x","timeZone":"UTC","weekly":[{"day":"monday","start":"09:00","end":"24:01"}]}""", "weekly[0].end")]
    [InlineData("""{"name":"x","timeZone":"UTC","weekly":[{"day":"monday","start":"24:00","end":"24:00"}]}""", "weekly[0].start")]
    [InlineData("""{"name":"x","timeZone":"UTC","weekly":[{"day":"monday","start":"17:00","end":"09:00"}]}""", "weekly[0].end")]
    [InlineData("""{"name":"x","timeZone":"UTC","weekly":[{"day":"monday","start":"09:00","end":"09:00"}]}""", "weekly[0].end")]
    [InlineData("""{"name":"x","timeZone":"UTC","weekly":[{"start":"09:00","end":"17:00"}]}""", "weekly[0].day")]
    [InlineData("""{"name":"x","timeZone":"UTC","weekly":[{"day":"monday","start":"09:00","end":"12:00"},{"day":"monday","start":"11:59","end":"13:00"}]}""", "weekly[1]")]
    [InlineData("""{"name":"x","timeZone":"UTC","holidays":[{"date":"2025-12-25","name":"a"},{"date":"2025-12-25","name":"b"}]}""", "holidays[1]")]
    [InlineData("""{"name":"x","timeZone":"UTC","holidays":[{"date":"2025-12-25","name":" "}]}""", "holidays[0].name")]
    [InlineData("""{"name":"x","timeZone":"UTC","holidays":[{"name":"no date"}]}""", "holidays[0].date")]
    public async Task A_bad_calendar_is_a_400_naming_the_path_and_changes_nothing(string body, string member)
    {
        var before = await api.DatabaseFingerprintAsync();
        using var response = await _client.PostAsync("/api/v1/business-calendars", Requests.Json(body));
        var problem = await response.AssertProblemAsync(400);
        Assert.True(problem.ErrorKeys().Contains(member), problem.ToJsonString());
        Assert.Equal(before, await api.DatabaseFingerprintAsync());
    }

    [Fact]
    public async Task Too_many_intervals_or_holidays_are_refused()
    {
        var weekly = Enumerable.Range(0, 71).Select(i => new { day = "monday", start = ClockOf(i * 20), end = ClockOf((i * 20) + 10) }).ToArray();
        using (var response = await _client.PostAsync("/api/v1/business-calendars", Requests.Json(new { name = "many", timeZone = "UTC", weekly })))
        {
            Assert.Contains("weekly", (await response.AssertProblemAsync(400)).ErrorKeys());
        }

        var holidays = Enumerable.Range(0, 501).Select(i => new { date = new DateOnly(2030, 1, 1).AddDays(i).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), name = "h" }).ToArray();
        using (var response = await _client.PostAsync("/api/v1/business-calendars", Requests.Json(new { name = "many", timeZone = "UTC", holidays })))
        {
            Assert.Contains("holidays", (await response.AssertProblemAsync(400)).ErrorKeys());
        }
    }

    private static string ClockOf(int minutes) => $"{minutes / 60:00}:{minutes % 60:00}";

    [Fact]
    public async Task The_due_endpoint_skips_a_weekend_with_a_dst_change_and_holidays_in_berlin()
    {
        var id = (await _client.CreateCalendarAsync(Berlin("Berlin desk"))).Str("id")!;

        // Friday 2025-03-28 16:00 CET (15:00Z) + 120: 60 on Friday; the clocks spring forward on
        // Sunday; Monday 2025-03-31 09:00 CEST (07:00Z) + 60 = 08:00Z = 10:00 CEST.
        var weekend = await _client.DueAsync(id, "2025-03-28T15:00:00Z", 120);
        Assert.Equal("2025-03-31T08:00:00Z", weekend.Str("dueAt"));
        Assert.Equal("2025-03-31T10:00:00+02:00", weekend.Str("localDueAt"));
        Assert.Equal("Europe/Berlin", weekend.Str("timeZone"));
        Assert.Equal("business", weekend.Str("mode"));

        // Thursday 2025-04-17 16:30 CEST (14:30Z) + 60: 30 on Thursday; Good Friday, the weekend and
        // Easter Monday are closed; Tuesday 2025-04-22 09:00 CEST (07:00Z) + 30 = 07:30Z.
        Assert.Equal("2025-04-22T07:30:00Z", (await _client.DueAsync(id, "2025-04-17T14:30:00Z", 60)).Str("dueAt"));

        // Calendar mode: Saturday 2025-03-29 12:00 CET (11:00Z) + 24 real hours = 11:00Z, 13:00 CEST.
        var calendar = await _client.DueAsync(id, "2025-03-29T11:00:00Z", 1440, "calendar");
        Assert.Equal("2025-03-30T11:00:00Z", calendar.Str("dueAt"));
        Assert.Equal("2025-03-30T13:00:00+02:00", calendar.Str("localDueAt"));

        // Fall back: Friday 2025-10-24 16:30 CEST (14:30Z) + 60 → Monday 2025-10-27 09:30 CET = 08:30Z.
        Assert.Equal("2025-10-27T08:30:00Z", (await _client.DueAsync(id, "2025-10-24T14:30:00Z", 60)).Str("dueAt"));

        // Zero minutes is the start itself, even on a Sunday.
        Assert.Equal("2025-03-30T10:00:00Z", (await _client.DueAsync(id, "2025-03-30T10:00:00Z", 0)).Str("dueAt"));
    }

    [Theory]
    [InlineData("minutes=60", "start")]
    [InlineData("start=2025-03-28T15:00:00Z", "minutes")]
    [InlineData("start=2025-03-28T15:00:00Z&minutes=-1", "minutes")]
    [InlineData("start=2025-03-28T15:00:00Z&minutes=5260001", "minutes")]
    [InlineData("start=2025-03-28T15:00:00Z&minutes=60&mode=weekly", "mode")]
    [InlineData("start=yesterday&minutes=60", "start")]
    public async Task A_bad_due_query_is_a_400_naming_the_parameter(string query, string member)
    {
        using var response = await _client.GetAsync($"/api/v1/business-calendars/{ServiceLevelApi.SeededCalendarId}/due?{query}");
        var problem = await response.AssertProblemAsync(400);
        Assert.True(problem.ErrorKeys().Contains(member), problem.ToJsonString());
    }

    [Fact]
    public async Task Business_mode_on_a_calendar_without_hours_and_a_due_time_beyond_ten_years_are_400s()
    {
        var empty = (await _client.CreateCalendarAsync(new { name = "Closed", timeZone = "UTC" })).Str("id")!;
        using (var response = await _client.GetAsync($"/api/v1/business-calendars/{empty}/due?start=2025-01-06T09:00:00Z&minutes=1"))
        {
            Assert.Contains("mode", (await response.AssertProblemAsync(400)).ErrorKeys());
        }

        Assert.Equal("2025-01-06T09:01:00Z", (await _client.DueAsync(empty, "2025-01-06T09:00:00Z", 1, "calendar")).Str("dueAt"));

        // 5 000 000 business minutes at 40 hours a week is about 40 years.
        using var far = await _client.GetAsync($"/api/v1/business-calendars/{ServiceLevelApi.SeededCalendarId}/due?start=2025-01-06T09:00:00Z&minutes=5000000");
        Assert.Contains("minutes", (await far.AssertProblemAsync(400)).ErrorKeys());

        using var missing = await _client.GetAsync($"/api/v1/business-calendars/{Guid.NewGuid()}/due?start=2025-01-06T09:00:00Z&minutes=1");
        await missing.AssertProblemAsync(404);
    }

    [Fact]
    public async Task A_calendar_a_policy_uses_cannot_be_deleted_nor_lose_its_hours()
    {
        var calendar = await _client.CreateCalendarAsync(Berlin("In use"));
        var id = calendar.Str("id")!;
        var policy = await _client.CreatePolicyAsync(new
        {
            name = "uses the calendar",
            position = 5,
            calendarId = id,
            targets = new[] { new { metric = "first-response", priority = "high", minutes = 30 } },
        });

        var before = await api.DatabaseFingerprintAsync();
        using (var delete = await _client.DeleteAsync($"/api/v1/business-calendars/{id}"))
        {
            var problem = await delete.AssertProblemAsync(409);
            Assert.Equal("business-calendar-in-use", problem.Str("code"));
            Assert.Contains(policy.Str("id"), problem["policyIds"]!.AsArray().Select(p => p!.GetValue<string>()));
        }

        using (var noHours = await _client.PutJsonAsync($"/api/v1/business-calendars/{id}", new { name = "In use", timeZone = "Europe/Berlin" }))
        {
            Assert.Equal("business-calendar-in-use", (await noHours.AssertProblemAsync(409)).Str("code"));
        }

        Assert.Equal(before, await api.DatabaseFingerprintAsync());

        using (var deletePolicy = await _client.DeleteAsync($"/api/v1/sla-policies/{policy.Str("id")}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, deletePolicy.StatusCode);
        }

        using var deleted = await _client.DeleteAsync($"/api/v1/business-calendars/{id}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
    }

    [Fact]
    public async Task Everyone_reads_calendars_only_managers_and_admins_change_them_and_a_stranger_is_401()
    {
        foreach (var role in new[] { "viewer", "agent", "manager", "admin" })
        {
            using var client = api.CreateClient().As(role);
            using var read = await client.GetAsync($"/api/v1/business-calendars/{ServiceLevelApi.SeededCalendarId}/due?start=2025-01-06T09:00:00Z&minutes=60");
            Assert.True(read.StatusCode == HttpStatusCode.OK, role);
        }

        foreach (var role in new[] { "viewer", "agent" })
        {
            using var client = api.CreateClient().As(role);
            var before = await api.DatabaseFingerprintAsync();
            using var create = await client.PostAsync("/api/v1/business-calendars", Requests.Json(Berlin("nope")));
            await create.AssertProblemAsync(403);
            using var delete = await client.DeleteAsync($"/api/v1/business-calendars/{ServiceLevelApi.SeededCalendarId}");
            await delete.AssertProblemAsync(403);
            Assert.Equal(before, await api.DatabaseFingerprintAsync());
        }

        using (var manager = api.CreateClient().As("manager"))
        {
            await manager.CreateCalendarAsync(Berlin("by a manager"));
        }

        using var anonymous = api.CreateClient().Anonymous();
        using var denied = await anonymous.GetAsync("/api/v1/business-calendars");
        Assert.Equal(HttpStatusCode.Unauthorized, denied.StatusCode);
    }
}
