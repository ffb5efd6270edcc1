using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CustomerRetention.Api.Tests.Segmentation;
using CustomerRetention.Api.Tests.Support;
using CustomerRetention.Api.Tests.Value;
using CustomerRetention.Application.Segmentation;
using CustomerRetention.Application.Value;
using CustomerRetention.Infrastructure.BuildingBlocks.Jobs;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CustomerRetention.Api.Tests.BuildingBlocks;

/// <summary>
/// The job kit (docs/decisions/0013-one-job-kit.md): a running job's heartbeat and progress, the
/// failure of a job whose instance stopped (stale heartbeat) within a bounded time, the per-kind
/// settings and their aliases, and a schedule that one instance fires. Each test has a database
/// of its own (jobs of one test must not be swept or counted by another).
/// </summary>
#pragma warning disable CA1001 // the factory is disposed by IAsyncLifetime.DisposeAsync, which xunit calls after each test
public sealed partial class JobKitTests : IAsyncLifetime
#pragma warning restore CA1001
{
    private readonly ApiFactory _api = new();

    public Task InitializeAsync() => _api.InitializeAsync();

    public Task DisposeAsync() => ((IAsyncLifetime)_api).DisposeAsync();

    /// <summary>An API instance on this test's database with these settings (polling every 0.2 s).</summary>
    private WebApplicationFactory<Program> Instance(params (string Key, string Value)[] settings) =>
        new TestHostFactory().WithWebHostBuilder(builder =>
        {
            ApiFactory.ConfigureTestHost(builder, _api.ConnectionString);
            builder.UseSetting("Jobs:Rfm:PollSeconds", "0.2");
            builder.UseSetting("Jobs:Clv:PollSeconds", "0.2");
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }
        });

    [Fact]
    public async Task A_running_job_beats_and_records_its_progress_and_ends_complete()
    {
        await using var host = Instance(("Jobs:Rfm:HeartbeatSeconds", "0.2"), ("Jobs:Clv:Worker", "false"));
        var client = host.CreateClient();
        var customer = await client.NewCustomerAsync("Beating");
        await client.AddOrderAsync(customer, DateTimeOffset.UtcNow.AddDays(-3), 10m);

        // The run blocks on the orders table, which this test holds, after its first steps.
        Guid id;
        await using (var blocker = new NpgsqlConnection(_api.ConnectionString))
        {
            await blocker.OpenAsync();
            await using var transaction = await blocker.BeginTransactionAsync();
            await using (var lockOrders = new NpgsqlCommand("LOCK TABLE orders IN ACCESS EXCLUSIVE MODE", blocker, transaction))
            {
                await lockOrders.ExecuteNonQueryAsync();
            }

            id = RfmApi.IdOf(await client.StartRunAsync(new { }));
            await Eventually(TimeSpan.FromSeconds(20), "the run running with progress", async () =>
                await _api.ScalarAsync<bool>($"SELECT status = 'running' AND progress > 0 FROM rfm_runs WHERE id = '{id}'"));
            var first = await HeartbeatAsync("rfm_runs", id);
            await Task.Delay(TimeSpan.FromSeconds(1));
            var second = await HeartbeatAsync("rfm_runs", id);

            Assert.True(second > first, $"heartbeat did not advance: {first:o} then {second:o}");
            Assert.InRange(await _api.ScalarAsync<double>($"SELECT progress FROM rfm_runs WHERE id = '{id}'"), 0.01, 0.99);
            var running = (await client.GetFromJsonAsync<JsonObject>($"/api/v1/rfm/runs/{id}"))!;
            Assert.Equal("running", running["status"]!.GetValue<string>());
            await transaction.RollbackAsync();
        }

        var done = await client.WaitForRunAsync(id);
        Assert.Equal("succeeded", done["status"]!.GetValue<string>());
        Assert.Equal(1, await _api.ScalarAsync<double>($"SELECT progress FROM rfm_runs WHERE id = '{id}'"));
        Assert.Equal(1, done["scoredCustomers"]!.GetValue<int>());
        Assert.Equal(25, done["segmentMap"]!.AsArray().Count);
    }

    [Fact]
    public async Task Jobs_of_an_instance_that_died_are_failed_with_the_reason_when_an_api_starts()
    {
        // Two runs and a model queued through the API (no workers), then made to look like the jobs
        // of an instance that died ten minutes ago, and one like a job whose heartbeat is fresh.
        Guid dead, fresh, model;
        await using (var queuing = Instance(("Jobs:Rfm:Worker", "false"), ("Jobs:Clv:Worker", "false")))
        {
            var client = queuing.CreateClient();
            dead = RfmApi.IdOf(await client.StartRunAsync(new { }));
            fresh = RfmApi.IdOf(await client.StartRunAsync(new { }));
            model = RfmApi.IdOf(await client.StartModelAsync(new { calibrationEnd = "2020-01-01" }));
        }

        foreach (var (table, id) in new[] { ("rfm_runs", dead), ("clv_models", model) })
        {
            await _api.ExecuteAsync(
                $"""
                UPDATE {table} SET status = 'running', claimed_by = 'dead-host:4242:abcdef', started_at = now() - interval '10 minutes',
                       heartbeat_at = '2026-01-02 03:04:05+00', progress = 0.3
                WHERE id = '{id}'
                """);
        }

        await _api.ExecuteAsync($"UPDATE rfm_runs SET status = 'running', claimed_by = 'alive', started_at = now(), heartbeat_at = now() WHERE id = '{fresh}'");

        // The restarted API fails the dead instance's jobs at once, saying why, and leaves the
        // job with a fresh heartbeat running until its heartbeat is older than StaleAfterSeconds.
        await using var restarted = Instance(("Jobs:Rfm:StaleAfterSeconds", "8"), ("Jobs:Rfm:HeartbeatSeconds", "1"));
        var api = restarted.CreateClient();
        var run = await api.WaitForRunAsync(dead, TimeSpan.FromSeconds(10));
        Assert.Equal("failed", run["status"]!.GetValue<string>());
        Assert.Equal(
            "The API instance running this run (dead-host:4242:abcdef) stopped: no heartbeat since 2026-01-02T03:04:05Z. It stored no results; start a new run.",
            run["error"]!.GetValue<string>());
        var fitted = await api.WaitForModelAsync(model, TimeSpan.FromSeconds(10));
        Assert.Equal("failed", fitted["status"]!.GetValue<string>());
        Assert.Equal(
            "The API instance running this model (dead-host:4242:abcdef) stopped: no heartbeat since 2026-01-02T03:04:05Z. It stored no predictions; start a new model.",
            fitted["error"]!.GetValue<string>());
        Assert.Equal("running", await _api.ScalarAsync<string>($"SELECT status FROM rfm_runs WHERE id = '{fresh}'"));

        var later = await api.WaitForRunAsync(fresh, TimeSpan.FromSeconds(20));
        Assert.Equal("failed", later["status"]!.GetValue<string>());
        Assert.Matches(StoppedError(), later["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_run_whose_instance_stops_mid_run_is_failed_by_the_next_instance_within_the_bound()
    {
        Guid id;
        await using (var blocker = new NpgsqlConnection(_api.ConnectionString))
        {
            await blocker.OpenAsync();
            await using var transaction = await blocker.BeginTransactionAsync();
            var first = Instance(("Jobs:Rfm:HeartbeatSeconds", "0.5"), ("Jobs:Clv:Worker", "false"));
            try
            {
                var client = first.CreateClient();
                var customer = await client.NewCustomerAsync("Interrupted");
                await client.AddOrderAsync(customer, DateTimeOffset.UtcNow.AddDays(-3), 10m);
                await using (var lockOrders = new NpgsqlCommand("LOCK TABLE orders IN ACCESS EXCLUSIVE MODE", blocker, transaction))
                {
                    await lockOrders.ExecuteNonQueryAsync();
                }

                id = RfmApi.IdOf(await client.StartRunAsync(new { }));
                await Eventually(TimeSpan.FromSeconds(20), "the run running", async () =>
                    await _api.ScalarAsync<string>($"SELECT status FROM rfm_runs WHERE id = '{id}'") == "running");
            }
            finally
            {
                await first.DisposeAsync(); // the instance stops in the middle of the run
            }

            await transaction.RollbackAsync();
        }

        Assert.Equal("running", await _api.ScalarAsync<string>($"SELECT status FROM rfm_runs WHERE id = '{id}'"));
        await using var next = Instance(("Jobs:Rfm:StaleAfterSeconds", "3"), ("Jobs:Rfm:HeartbeatSeconds", "1"));
        var run = await next.CreateClient().WaitForRunAsync(id, TimeSpan.FromSeconds(15));
        Assert.Equal("failed", run["status"]!.GetValue<string>());
        Assert.Matches(StoppedError(), run["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_job_whose_row_a_live_transaction_holds_is_not_failed_for_an_old_heartbeat()
    {
        Guid id;
        await using (var queuing = Instance(("Jobs:Rfm:Worker", "false"), ("Jobs:Clv:Worker", "false")))
        {
            id = RfmApi.IdOf(await queuing.CreateClient().StartRunAsync(new { }));
        }

        await _api.ExecuteAsync($"UPDATE rfm_runs SET status = 'running', claimed_by = 'older-version', started_at = now() - interval '1 hour', heartbeat_at = NULL WHERE id = '{id}'");
        await using var holder = new NpgsqlConnection(_api.ConnectionString);
        await holder.OpenAsync();
        await using var transaction = await holder.BeginTransactionAsync();
        await using (var hold = new NpgsqlCommand($"SELECT 1 FROM rfm_runs WHERE id = '{id}' FOR KEY SHARE", holder, transaction))
        {
            await hold.ExecuteNonQueryAsync();
        }

        await using var host = Instance(("Jobs:Clv:Worker", "false"));
        var client = host.CreateClient();
        await Task.Delay(TimeSpan.FromSeconds(2)); // ten sweeps
        Assert.Equal("running", await _api.ScalarAsync<string>($"SELECT status FROM rfm_runs WHERE id = '{id}'"));

        await transaction.RollbackAsync();
        var run = await client.WaitForRunAsync(id, TimeSpan.FromSeconds(10));
        Assert.Equal("failed", run["status"]!.GetValue<string>());
        Assert.Contains("(older-version) stopped: no heartbeat since", run["error"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_due_schedule_fires_once_across_two_instances_and_queues_a_default_run()
    {
        const string Yearly = "0 0 1 1 *";
        await using var first = Instance(("Jobs:Rfm:Schedule", Yearly), ("Jobs:Rfm:Worker", "false"), ("Jobs:Clv:Worker", "false"));
        await using var second = Instance(("Jobs:Rfm:Schedule", Yearly), ("Jobs:Rfm:Worker", "false"), ("Jobs:Clv:Worker", "false"));
        first.CreateClient();
        second.CreateClient();
        await Eventually(TimeSpan.FromSeconds(10), "the schedule's row", async () =>
            await _api.ScalarAsync<long>("SELECT count(*) FROM job_schedules WHERE kind = 'Rfm' AND next_due_at > now()") == 1);
        Assert.Equal("0 0 1 1 *|UTC", await _api.ScalarAsync<string>("SELECT cron || '|' || time_zone FROM job_schedules WHERE kind = 'Rfm'"));
        Assert.Equal(0, await _api.ScalarAsync<long>("SELECT count(*) FROM rfm_runs"));

        // Both instances poll every 0.2 s: the occurrence fires once.
        var before = DateTimeOffset.UtcNow;
        await _api.ExecuteAsync("UPDATE job_schedules SET next_due_at = now() - interval '1 minute' WHERE kind = 'Rfm'");
        await Eventually(TimeSpan.FromSeconds(10), "the schedule firing", async () =>
            await _api.ScalarAsync<long>("SELECT count(*) FROM job_schedules WHERE kind = 'Rfm' AND last_fired_at IS NOT NULL AND next_due_at > now()") == 1);
        await Task.Delay(TimeSpan.FromSeconds(1)); // five more polls of each instance
        Assert.Equal(1, await _api.ScalarAsync<long>("SELECT count(*) FROM rfm_runs"));
        Assert.Equal(
            "queued|quantile||true",
            await _api.ScalarAsync<string>(
                $"SELECT status || '|' || policy || '|' || coalesce(window_days::text, '') || '|' || (as_of >= '{RfmApi.Utc(before.AddSeconds(-1))}') FROM rfm_runs"));
        Assert.Equal(
            new DateTimeOffset(DateTimeOffset.UtcNow.Year + 1, 1, 1, 0, 0, 0, TimeSpan.Zero),
            await _api.ScalarAsync<DateTime>("SELECT next_due_at FROM job_schedules WHERE kind = 'Rfm'"));

        // Twenty firings from the two instances at once, on a due schedule: one fires.
        await _api.ExecuteAsync("UPDATE job_schedules SET next_due_at = now() - interval '1 minute' WHERE kind = 'Rfm'");
        var attempts = Enumerable.Range(0, 20).Select(async i =>
        {
            await using var scope = (i % 2 == 0 ? first : second).Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<JobScheduler<RfmRunJob>>().FireDueAsync(CancellationToken.None);
        });
        var fired = (await Task.WhenAll(attempts)).Count(occurrence => occurrence is not null);
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.InRange(fired, 0, 1); // the instances' own pollers may have fired it first
        Assert.Equal(2, await _api.ScalarAsync<long>("SELECT count(*) FROM rfm_runs"));
    }

    [Fact]
    public async Task A_clv_schedule_queues_a_default_model_calibrated_to_the_day_before()
    {
        await using var host = Instance(("Jobs:Clv:Schedule", "*/1 * * * * *"), ("Jobs:Clv:Worker", "false"), ("Jobs:Rfm:Worker", "false"));
        host.CreateClient();
        await Eventually(TimeSpan.FromSeconds(10), "a scheduled model", async () =>
            await _api.ScalarAsync<long>("SELECT count(*) FROM clv_models") >= 1);
        var model = await _api.ScalarAsync<string>(
            "SELECT status || '|' || (calibration_end = (last_fired_at AT TIME ZONE 'UTC')::date - 1) || '|' || horizon_days || '|' || monthly_discount_rate FROM clv_models, job_schedules WHERE kind = 'Clv' ORDER BY created_at LIMIT 1");
        Assert.Equal("queued|true|365|0.01", model);
        Assert.Equal(0, await _api.ScalarAsync<long>("SELECT count(*) FROM rfm_runs"));
    }

    [Fact]
    public void An_invalid_schedule_stops_the_start_naming_the_setting()
    {
        using var host = Instance(("Jobs:Rfm:Schedule", "every day at noon"));
        var error = Record.Exception(() => host.CreateClient());
        Assert.NotNull(error);
        Assert.Contains("Jobs:Rfm:Schedule", string.Join(" | ", Chain(error)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Rfm:WorkMemMegabytes=64", 64, 64)]
    [InlineData("Jobs:Rfm:WorkMemMegabytes=32", 32, 256)]
    [InlineData("Rfm:WorkMemMegabytes=64;Jobs:Rfm:WorkMemMegabytes=32", 32, 64)]
    [InlineData("Rfm:WorkMemMegabytes=64;Jobs:Clv:WorkMemMegabytes=16", 64, 16)]
    public void The_old_Rfm_settings_are_aliases_of_both_kinds_and_Jobs_settings_win(string settings, int rfm, int clv)
    {
        var configuration = Configuration(settings);

        Assert.Equal(rfm, JobOptions.Read(configuration, RfmRunJob.Name, "Rfm", "Rfm").WorkMemMegabytes);
        Assert.Equal(clv, JobOptions.Read(configuration, ClvModelJob.Name, "Rfm", "Clv").WorkMemMegabytes);
    }

    [Theory]
    [InlineData("", true, true)]
    [InlineData("Rfm:Worker=false", false, true)]
    [InlineData("Clv:Worker=false", true, false)]
    [InlineData("Jobs:Rfm:Worker=false", false, true)]
    [InlineData("Clv:Worker=false;Jobs:Clv:Worker=true", true, true)]
    public void The_old_Worker_settings_are_aliases_of_their_own_kind(string settings, bool rfm, bool clv)
    {
        var configuration = Configuration(settings);

        Assert.Equal(rfm, JobOptions.Read(configuration, RfmRunJob.Name, "Rfm", "Rfm").Worker);
        Assert.Equal(clv, JobOptions.Read(configuration, ClvModelJob.Name, "Rfm", "Clv").Worker);
    }

    [Fact]
    public void Poll_heartbeat_and_staleness_are_per_kind_and_the_old_poll_setting_is_an_alias()
    {
        var configuration = Configuration("Rfm:PollSeconds=0.5;Jobs:Clv:HeartbeatSeconds=5;Jobs:Clv:StaleAfterSeconds=30");
        var rfm = JobOptions.Read(configuration, RfmRunJob.Name, "Rfm", "Rfm");
        var clv = JobOptions.Read(configuration, ClvModelJob.Name, "Rfm", "Clv");

        Assert.Equal((0.5, 15, 120), (rfm.PollSeconds, rfm.HeartbeatSeconds, rfm.StaleAfterSeconds));
        Assert.Equal((0.5, 5, 30), (clv.PollSeconds, clv.HeartbeatSeconds, clv.StaleAfterSeconds));
        Assert.Null(rfm.Schedule);
        var invalid = Assert.Throws<InvalidOperationException>(() =>
            JobOptions.Read(Configuration("Jobs:Rfm:StaleAfterSeconds=10;Jobs:Rfm:HeartbeatSeconds=10"), RfmRunJob.Name, "Rfm", "Rfm"));
        Assert.Contains("Jobs:Rfm", invalid.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_running_api_reads_the_old_and_new_settings()
    {
        await using var host = Instance(("Rfm:WorkMemMegabytes", "64"), ("Jobs:Clv:CommandTimeoutSeconds", "99"), ("Rfm:Worker", "false"), ("Clv:Worker", "false"), ("Jobs:Imports:Worker", "false"), ("Jobs:Alerts:Worker", "false"), ("Jobs:FollowUps:Worker", "false"));
        host.CreateClient();

        var rfm = host.Services.GetRequiredService<JobOptions<RfmRunJob>>().Value;
        var clv = host.Services.GetRequiredService<JobOptions<ClvModelJob>>().Value;
        Assert.Equal((64, false, 1800), (rfm.WorkMemMegabytes, rfm.Worker, rfm.CommandTimeoutSeconds));
        Assert.Equal((64, false, 99), (clv.WorkMemMegabytes, clv.Worker, clv.CommandTimeoutSeconds));
        Assert.DoesNotContain(host.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>(), s => s.GetType().Name.StartsWith("JobWorker", StringComparison.Ordinal));
    }

    private static IConfiguration Configuration(string settings) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Split(';', StringSplitOptions.RemoveEmptyEntries)
                .Select(s => s.Split('=', 2))
                .Select(kv => new KeyValuePair<string, string?>(kv[0], kv[1])))
            .Build();

    private Task<DateTime> HeartbeatAsync(string table, Guid id) =>
        _api.ScalarAsync<DateTime>($"SELECT heartbeat_at FROM {table} WHERE id = '{id}'");

    private static IEnumerable<string> Chain(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            yield return e.Message;
        }
    }

    private static async Task Eventually(TimeSpan timeout, string what, Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            await Task.Delay(100);
        }
    }

    [GeneratedRegex(@"^The API instance running this run \(.+\) stopped: no heartbeat since \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\. It stored no results; start a new run\.$")]
    private static partial Regex StoppedError();
}
