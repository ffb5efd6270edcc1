using CustomerRetention.Api.Tests.Support;
using Microsoft.AspNetCore.Hosting;

namespace CustomerRetention.Api.Tests.Idempotency;

/// <summary>The API with the key clean-up polling its schedule every half second.</summary>
public sealed class FastKeyRetentionApiFactory : ApiFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Idempotency:RetentionHours", "2");
        builder.UseSetting("Jobs:IdempotencyKeyRetention:PollSeconds", "0.5");
    }
}

/// <summary>The scheduled clean-up removes expired keys and keeps the others.</summary>
public sealed class IdempotencyKeyRetentionTests(FastKeyRetentionApiFactory api) : IClassFixture<FastKeyRetentionApiFactory>
{
    [Fact]
    public async Task Keys_live_for_the_retention_hours_and_expired_ones_are_removed()
    {
        var client = api.CreateClient();
        var old = IdempotencyKeyTests.NewKey();
        var recent = IdempotencyKeyTests.NewKey();
        (await IdempotencyKeyTests.PostAsync(client, "/api/v1/customers", new { type = "individual", name = "Old key" }, old)).Dispose();
        (await IdempotencyKeyTests.PostAsync(client, "/api/v1/customers", new { type = "individual", name = "Recent key" }, recent)).Dispose();
        Assert.Equal(2, await api.ScalarAsync<double>($"SELECT round(extract(epoch FROM expires_at - created_at) / 3600) FROM idempotency_keys WHERE key = '{recent}'"));
        await api.ExecuteAsync($"UPDATE idempotency_keys SET created_at = now() - interval '3 hours', expires_at = now() - interval '1 hour' WHERE key = '{old}'");

        await WaitUntilAsync(async () => await api.ScalarAsync<long>("SELECT count(*) FROM job_schedules WHERE kind = 'IdempotencyKeyRetention'") == 1);
        await api.ExecuteAsync("UPDATE job_schedules SET next_due_at = now() - interval '1 minute' WHERE kind = 'IdempotencyKeyRetention'");
        await WaitUntilAsync(async () => await api.ScalarAsync<long>($"SELECT count(*) FROM idempotency_keys WHERE key = '{old}'") == 0);

        Assert.Equal(1, await api.ScalarAsync<long>($"SELECT count(*) FROM idempotency_keys WHERE key = '{recent}'"));
    }

    [Theory]
    [InlineData(null, 24)]
    [InlineData("1", 1)]
    [InlineData("48", 48)]
    public void Retention_hours_default_to_24(string? configured, int expected) =>
        Assert.Equal(expected, CustomerRetention.Infrastructure.BuildingBlocks.Idempotency.IdempotencyOptions.Read(configured).RetentionHours);

    [Theory]
    [InlineData("0")]
    [InlineData("1.5")]
    [InlineData("day")]
    public void Other_retention_hours_stop_the_start(string configured) =>
        Assert.Contains("Idempotency:RetentionHours", Assert.Throws<InvalidOperationException>(() => CustomerRetention.Infrastructure.BuildingBlocks.Idempotency.IdempotencyOptions.Read(configured)).Message, StringComparison.Ordinal);

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
