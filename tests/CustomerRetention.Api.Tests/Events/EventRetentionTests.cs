using CustomerRetention.Api.Tests.Support;
using Microsoft.AspNetCore.Hosting;

namespace CustomerRetention.Api.Tests.Events;

/// <summary>The API with event retention polling its schedule every half second.</summary>
public sealed class FastRetentionApiFactory : ApiFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Events:RetentionDays", "30");
        builder.UseSetting("Jobs:EventRetention:PollSeconds", "0.5");
    }
}

/// <summary>Retention removes old events as a prefix of the log; a cursor into the removed part is told it expired.</summary>
public sealed class EventRetentionTests(FastRetentionApiFactory api) : IClassFixture<FastRetentionApiFactory>
{
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task Old_events_are_removed_and_a_cursor_before_them_is_410_events_expired()
    {
        var old = (await _client.CreateCustomerAsync(new { type = "individual", name = "Old One" }))["id"]!.GetValue<Guid>();
        var inTheOldPart = await EventFeed.HeadAsync(_client);
        var alsoOld = (await _client.CreateCustomerAsync(new { type = "individual", name = "Old Two" }))["id"]!.GetValue<Guid>();
        var atTheEdge = await EventFeed.HeadAsync(_client);
        var recent = (await _client.CreateCustomerAsync(new { type = "individual", name = "Recent" }))["id"]!.GetValue<Guid>();
        await api.ExecuteAsync($"UPDATE events SET occurred_at = now() - interval '31 days' WHERE customer_id IN ('{old}', '{alsoOld}')");

        // Fire the schedule now instead of at the next full hour.
        await WaitUntilAsync(async () => await api.ScalarAsync<long>("SELECT count(*) FROM job_schedules WHERE kind = 'EventRetention'") == 1);
        await api.ExecuteAsync("UPDATE job_schedules SET next_due_at = now() - interval '1 minute' WHERE kind = 'EventRetention'");
        await WaitUntilAsync(async () => await api.ScalarAsync<long>($"SELECT count(*) FROM events WHERE customer_id IN ('{old}', '{alsoOld}')") == 0);

        var (all, _) = await EventFeed.ReadAsync(_client, null);
        Assert.Equal([recent], all.Select(e => e["customerId"]!.GetValue<Guid>()));

        using (var expired = await _client.GetAsync($"/api/v1/events?after={Uri.EscapeDataString(inTheOldPart)}"))
        {
            var problem = await expired.AssertProblemAsync(410);
            Assert.Equal("events-expired", problem["code"]!.GetValue<string>());
        }

        var (fromEdge, _) = await EventFeed.ReadAsync(_client, atTheEdge);
        Assert.Equal([recent], fromEdge.Select(e => e["customerId"]!.GetValue<Guid>()));
        Assert.Equal(1, await api.ScalarAsync<long>("SELECT count(*) FROM event_log_horizon WHERE purged_through > 0 AND purged_at IS NOT NULL"));
    }

    [Theory]
    [InlineData(null, 30)]
    [InlineData("7", 7)]
    [InlineData("1", 1)]
    public void Retention_days_default_to_30_and_take_whole_days(string? configured, int expected) =>
        Assert.Equal(expected, CustomerRetention.Infrastructure.DependencyInjection.RetentionDays(configured));

    [Theory]
    [InlineData("0")]
    [InlineData("-3")]
    [InlineData("1.5")]
    [InlineData("a week")]
    public void Retention_days_below_one_or_not_whole_stop_the_start(string configured)
    {
        var error = Assert.Throws<InvalidOperationException>(() => CustomerRetention.Infrastructure.DependencyInjection.RetentionDays(configured));
        Assert.Contains("Events:RetentionDays", error.Message, StringComparison.Ordinal);
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting");
            await Task.Delay(100);
        }
    }
}
