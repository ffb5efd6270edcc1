using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CustomerRetention.Api.Tests.Segmentation;
using CustomerRetention.Api.Tests.Support;
using CustomerRetention.Api.Tests.Value;
using CustomerRetention.Infrastructure.Persistence;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace CustomerRetention.Api.Tests.BuildingBlocks;

/// <summary>
/// The API on a PostgreSQL server of its own, which these tests stop and start again (SPEC §12,
/// Faults): workers poll every 0.2 s and every log line is captured.
/// </summary>
public sealed class OutageApiFactory : ApiFactory
{
    public LogCapture Logs { get; } = new();

    private protected override Task<PostgresServer> ServerAsync() => PostgresServer.StartDedicatedAsync();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Rfm:PollSeconds", "0.2");
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
    }

    /// <summary>
    /// Stops the database (<c>pg_ctl stop -m <paramref name="mode"/></c>), runs
    /// <paramref name="during"/>, keeps it down for at least <paramref name="atLeast"/>, starts
    /// it again and waits until readiness is 200 and both workers said the database is back.
    /// Returns when the outage began and ended (Stopwatch timestamps: stopped, starting).
    /// </summary>
    public async Task<(long Stopped, long Starting)> OutageAsync(string mode, TimeSpan atLeast, Func<Task> during)
    {
        var logged = Logs.Entries.Count;
        var client = CreateClient();
        await Database.StopAsync(mode);
        var stopped = Stopwatch.GetTimestamp();
        long starting;
        try
        {
            await during();
            var remaining = atLeast - Stopwatch.GetElapsedTime(stopped);
            if (remaining > TimeSpan.Zero)
            {
                await Task.Delay(remaining);
            }
        }
        finally
        {
            starting = Stopwatch.GetTimestamp();
            await Database.RestartAsync();
        }

        await Eventually(TimeSpan.FromSeconds(15), "readiness 200 after the restart", async () =>
        {
            using var ready = await client.GetAsync("/health/ready");
            return ready.StatusCode == HttpStatusCode.OK;
        });
        await Eventually(TimeSpan.FromSeconds(15), "both workers saying the database is back", () =>
            Task.FromResult(Logs.Entries.Skip(logged).Count(e => e.Category.EndsWith("Worker", StringComparison.Ordinal)
                && e.Message.StartsWith("Database available again,", StringComparison.Ordinal)) >= 2));
        return (stopped, starting);
    }

    public static async Task Eventually(TimeSpan timeout, string what, Func<Task<bool>> condition)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (!await condition())
        {
            Assert.True(Stopwatch.GetTimestamp() < deadline, $"timed out after {timeout.TotalSeconds} s waiting for {what}");
            await Task.Delay(50);
        }
    }
}

/// <summary>A database outage: 503 with Retry-After, no lost write, quiet workers, recovery without a restart.</summary>
public sealed class DatabaseOutageTests(OutageApiFactory api) : IClassFixture<OutageApiFactory>
{
    private readonly HttpClient _client = api.CreateClient();

    private sealed record Outcome(string ExternalId, long Started, long Finished, HttpResponseMessage Response);

    [Fact]
    public async Task During_an_outage_every_request_is_a_503_with_retry_after_and_no_acknowledged_write_is_lost()
    {
        var outcomes = new ConcurrentQueue<Outcome>();
        var logged = api.Logs.Entries.Count;
        var running = true;
        var writers = Enumerable.Range(0, 4).Select(writer => Task.Run(async () =>
        {
            for (var n = 0; Volatile.Read(ref running); n++)
            {
                var externalId = $"outage-{writer}-{n}";
                var started = Stopwatch.GetTimestamp();
                var response = await _client.PostAsync("/api/v1/customers", Requests.Json(new { type = "individual", name = $"Writer {writer} #{n}", externalId }));
                outcomes.Enqueue(new Outcome(externalId, started, Stopwatch.GetTimestamp(), response));
                await Task.Delay(20);
            }
        })).ToList();

        try
        {
            await OutageApiFactory.Eventually(TimeSpan.FromSeconds(10), "writes before the outage", () =>
                Task.FromResult(outcomes.Count(o => o.Response.StatusCode == HttpStatusCode.Created) >= 20));

            var (stopped, starting) = await api.OutageAsync("immediate", TimeSpan.FromSeconds(4), async () =>
            {
                await Task.Delay(500);
                using var live = await _client.GetAsync("/health/live");
                Assert.Equal(HttpStatusCode.OK, live.StatusCode);
                using var ready = await _client.GetAsync("/health/ready");
                Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
                using var read = await _client.GetAsync("/api/v1/customers");
                await AssertUnavailableAsync(read);

                // A client mistake stays a client mistake while the database is down.
                using var invalid = await _client.PostAsync("/api/v1/customers", Requests.Json(new { type = "individual" }));
                Assert.Contains("name", (await invalid.AssertProblemAsync(400)).ErrorKeys());
            });
            var restarted = Stopwatch.GetTimestamp();

            // Recovery without restarting the API: every writer gets a 201 again within seconds.
            await OutageApiFactory.Eventually(TimeSpan.FromSeconds(10), "every writer acknowledged again", () =>
                Task.FromResult(outcomes.Where(o => o.Started > restarted && o.Response.StatusCode == HttpStatusCode.Created)
                    .Select(o => o.ExternalId.Split('-')[1]).Distinct().Count() == writers.Count));

            Volatile.Write(ref running, false);
            await Task.WhenAll(writers);

            var all = outcomes.ToList();
            var unexpected = all.Where(o => o.Response.StatusCode is not (HttpStatusCode.Created or HttpStatusCode.ServiceUnavailable)).ToList();
            Assert.True(unexpected.Count == 0, "unexpected statuses: " + string.Join("; ", unexpected.Take(5).Select(o =>
                $"{(int)o.Response.StatusCode} {o.Response.Content.ReadAsStringAsync().GetAwaiter().GetResult()}")));

            var duringOutage = all.Where(o => o.Started > stopped && o.Finished < starting).ToList();
            Assert.True(duringOutage.Count >= 10, $"only {duringOutage.Count} requests during the outage");
            Assert.All(duringOutage, o => Assert.Equal(HttpStatusCode.ServiceUnavailable, o.Response.StatusCode));
            foreach (var failed in all.Where(o => o.Response.StatusCode == HttpStatusCode.ServiceUnavailable))
            {
                await AssertUnavailableAsync(failed.Response);
            }

            // However many requests were refused, the API said so once and said once that it was over.
            var apiLines = api.Logs.Entries.Skip(logged).Where(e => e.Level >= LogLevel.Information && e.Category.StartsWith("CustomerRetention.", StringComparison.Ordinal)
                && !e.Category.EndsWith("Worker", StringComparison.Ordinal)).ToList();
            // (At most two of each: a request in flight at the very edge of the outage may complete
            // on a server that is going down; hundreds of requests were refused in between.)
            var warnings = apiLines.Where(e => e.Level == LogLevel.Warning).ToList();
            Assert.InRange(warnings.Count, 1, 2);
            Assert.All(warnings, w => Assert.StartsWith("Database unavailable, answering 503", w.Message, StringComparison.Ordinal));
            Assert.InRange(apiLines.Count(e => e.Message.StartsWith("Database available again after", StringComparison.Ordinal)), 1, 2);
            Assert.True(apiLines.Count <= 4, "API log lines during the outage: " + string.Join(" | ", apiLines.Select(e => e.Message)));
            Assert.DoesNotContain(apiLines, e => e.Level >= LogLevel.Error);

            // Every acknowledged write is in the database exactly once.
            var acknowledged = all.Where(o => o.Response.StatusCode == HttpStatusCode.Created).Select(o => o.ExternalId).ToList();
            var list = string.Join(", ", acknowledged.Select(id => $"'{id}'"));
            Assert.Equal(acknowledged.Count, await api.ScalarAsync<int>($"SELECT count(*)::int FROM customers WHERE external_id IN ({list})"));
            Assert.Equal(acknowledged.Count, await api.ScalarAsync<int>($"SELECT count(DISTINCT external_id)::int FROM customers WHERE external_id IN ({list})"));
        }
        finally
        {
            Volatile.Write(ref running, false);
            await Task.WhenAll(writers);
            foreach (var outcome in outcomes)
            {
                outcome.Response.Dispose();
            }
        }
    }

    [Fact]
    public async Task Workers_log_one_warning_per_outage_and_fail_the_jobs_it_interrupted_with_that_reason()
    {
        var logged = api.Logs.Entries.Count;

        // Hold the orders so that both jobs are mid-run, blocked on their first read of orders,
        // when the database goes away.
        await using var blocker = new NpgsqlConnection(api.ConnectionString);
        await blocker.OpenAsync();
        await using (var begin = new NpgsqlCommand("BEGIN; LOCK TABLE orders IN ACCESS EXCLUSIVE MODE", blocker))
        {
            await begin.ExecuteNonQueryAsync();
        }

        var run = RfmApi.IdOf(await _client.StartRunAsync(new { }));
        var model = RfmApi.IdOf(await _client.StartModelAsync(new { calibrationEnd = "2020-01-01" }));
        await OutageApiFactory.Eventually(TimeSpan.FromSeconds(10), "both jobs running", async () =>
            await StatusAsync($"/api/v1/rfm/runs/{run}") == "running" && await StatusAsync($"/api/v1/clv/models/{model}") == "running");
        await Task.Delay(300);

        await api.OutageAsync("fast", TimeSpan.FromSeconds(3), async () =>
        {
            // What a fast shutdown does to a session: classified as an outage.
            await using var probe = new NpgsqlCommand("SELECT 1", blocker);
            var lost = await Assert.ThrowsAnyAsync<NpgsqlException>(() => probe.ExecuteScalarAsync());
            Assert.True(DatabaseFailures.IsUnavailable(lost), lost.ToString());
            using var read = await _client.GetAsync($"/api/v1/rfm/runs/{run}");
            await AssertUnavailableAsync(read);
        });

        // The interrupted jobs are failed, saying why, as soon as the database is back (not left
        // 'running' until the stopped-instance sweep, whose reason differs, and with no database
        // text). A job busy in memory (the CLV fit) notices the outage at its next statement, which
        // on a loaded CI machine can take tens of seconds (49 s once, with three test runs sharing two
        // cores): the wait allows for that and still ends before the 120 s sweep could be the cause.
        var failedRun = await _client.WaitForRunAsync(run, TimeSpan.FromSeconds(45));
        var failedModel = await _client.WaitForModelAsync(model, TimeSpan.FromSeconds(100));
        Assert.Equal("failed", failedRun["status"]!.GetValue<string>());
        Assert.Equal("The run failed because the database became unavailable while it ran, and stored no results. Start a new run.", failedRun["error"]!.GetValue<string>());
        Assert.Equal("failed", failedModel["status"]!.GetValue<string>());
        Assert.Equal("The model failed because the database became unavailable while it ran, and stored no predictions. Start a new model.", failedModel["error"]!.GetValue<string>());

        // One warning when the outage began and one line when it ended, per worker; no errors.
        var lines = api.Logs.Entries.Skip(logged).Where(e => e.Category.StartsWith("CustomerRetention.", StringComparison.Ordinal)).ToList();
        foreach (var (worker, job) in new[] { ("CustomerRetention.Infrastructure.Segmentation.RfmRunWorker", "RFM"), ("CustomerRetention.Infrastructure.Value.ClvModelWorker", "CLV") })
        {
            var own = lines.Where(e => e.Category == worker).ToList();
            var down = Assert.Single(own, e => e.Level == LogLevel.Warning);
            Assert.StartsWith($"Database unavailable, {job} worker waiting", down.Message, StringComparison.Ordinal);
            Assert.Null(down.Exception);
            var back = Assert.Single(own, e => e.Level == LogLevel.Information);
            Assert.Equal($"Database available again, {job} worker resumed", back.Message);
            Assert.Equal(2, own.Count);
        }

        Assert.DoesNotContain(lines, e => e.Level >= LogLevel.Error);
    }

    /// <summary>A 503 problem (type, title, status, detail, instance, traceId) with a Retry-After of a few seconds.</summary>
    private static async Task AssertUnavailableAsync(HttpResponseMessage response)
    {
        var problem = await response.AssertProblemAsync(503);
        Assert.Equal("Service unavailable", problem["title"]!.GetValue<string>());
        var retryAfter = response.Headers.RetryAfter?.Delta;
        Assert.True(retryAfter is { TotalSeconds: >= 1 and <= 30 }, $"Retry-After: {response.Headers.RetryAfter}");
    }

    private async Task<string> StatusAsync(string uri) =>
        (await _client.GetFromJsonAsync<JsonObject>(uri))!["status"]!.GetValue<string>();
}
