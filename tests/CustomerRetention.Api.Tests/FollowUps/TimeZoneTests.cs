using System.Net;
using System.Text.Json.Nodes;
using CustomerRetention.Api.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CustomerRetention.Api.Tests.FollowUps;

/// <summary>
/// The deployment time zone (<c>Crm:TimeZone</c>, SPEC §9): an IANA id or the start-up stops
/// naming the setting; local due dates, today and the job schedules are read in it.
/// </summary>
public sealed class TimeZoneTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    /// <summary>UTC+14 all year: the local date is a day ahead of UTC for most of the day.</summary>
    private const string Kiritimati = "Pacific/Kiritimati";

    private WebApplicationFactory<Program> Host(string zone) => api.WithWebHostBuilder(builder => builder.UseSetting("Crm:TimeZone", zone));

    [Theory]
    [InlineData("Mars/Olympus_Mons")]
    [InlineData("not a zone")]
    [InlineData("W. Europe Standard Time")]
    public void A_time_zone_that_is_not_an_IANA_id_stops_the_start_up_naming_the_setting(string zone)
    {
        using var host = Host(zone);
        var error = Record.Exception(() => host.CreateClient());
        Assert.NotNull(error);
        var messages = new List<string>();
        for (var e = error; e is not null; e = e.InnerException)
        {
            messages.Add(e.Message);
        }

        Assert.Contains("Crm:TimeZone", string.Join(" | ", messages), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_due_instant_counts_by_its_local_date_and_runs_and_schedules_use_the_zone()
    {
        await using var host = Host(Kiritimati);
        var client = host.CreateClient();
        // Only this host runs on the class's database: a second one configured in UTC would rewrite the schedule's zone (every instance must be configured alike).
        var customer = (await new ApiClient(client).CreateCustomerAsync(new { type = "individual", name = "Kiritimati" }))["id"]!.GetValue<Guid>();
        using (var created = await client.PostAsync($"/api/v1/customers/{customer}/tasks", Requests.Json(new { type = "call", subject = "Local", dueAt = "2026-01-01T12:00:00Z" })))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        // 12:00 UTC on 1 January is 02:00 on 2 January in Kiritimati.
        Assert.Single(await client.TasksOfAsync(customer, "&dueFrom=2026-01-02&dueTo=2026-01-02"));
        Assert.Empty(await client.TasksOfAsync(customer, "&dueTo=2026-01-01"));

        var run = await client.StartFollowUpsAsync(DateOnly.FromDateTime(DateTime.UtcNow).ToString("yyyy-MM-dd"));
        Assert.Equal(Kiritimati, run.Text("timeZone"));
        using (var defaulted = await client.PostAsync("/api/v1/follow-up-runs", Requests.Json("{}")))
        {
            var body = JsonNode.Parse(await defaulted.Content.ReadAsStringAsync())!;
            var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById(Kiritimati)).DateTime);
            Assert.Equal(today.ToString("yyyy-MM-dd"), body.Text("asOf"));
        }

        // The daily schedule (04:00 local) is 14:00 UTC the day before.
        string? row = null;
        for (var i = 0; i < 100 && row is null; i++)
        {
            row = await api.ScalarAsync<string>(
                "SELECT coalesce((SELECT time_zone || ' ' || to_char(next_due_at AT TIME ZONE 'UTC', 'HH24:MI') FROM job_schedules WHERE kind = 'FollowUps'), '')") is { Length: > 0 } found ? found : null;
            await Task.Delay(100);
        }

        Assert.Equal($"{Kiritimati} 14:00", row);
    }
}
