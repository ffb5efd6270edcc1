using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CustomerRetention.Api.Tests.Support;
using Npgsql;

namespace CustomerRetention.Api.Tests.Segmentation;

/// <summary>
/// Refused RFM requests. This class's database has no customers, and only
/// <see cref="Before_any_run_there_are_no_results_and_a_run_over_no_orders_scores_nobody"/> starts a run.
/// </summary>
public sealed class RfmValidationTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private const string Valid = """{"recencyDays":[7,30,90,180],"frequency":[1,2,4,8],"monetary":[20,50,100,500]}""";

    private readonly HttpClient _client = api.CreateClient();

    private Task<int> RunCountAsync() => api.ScalarAsync<int>("SELECT count(*)::int FROM rfm_runs");

    /// <summary>
    /// Puts a run that has not succeeded straight into the database (the API never leaves one
    /// failed or running on purpose). A queued run stays queued only while its row is locked: the
    /// worker claims with SKIP LOCKED, so the returned handle keeps the lock, and marks the run
    /// failed when disposed so that the worker never runs it.
    /// </summary>
    private async Task<(Guid Id, NpgsqlConnection Connection)> InsertRunAsync(string status)
    {
        var id = Guid.CreateVersion7();
        var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        var finished = status == "failed" ? "now()" : "NULL";
        var started = status == "queued" ? "NULL" : "now()";
        var error = status == "failed" ? "'disk full'" : "NULL";
        var insert = $"""
            INSERT INTO rfm_runs (id, status, as_of, policy, created_at, started_at, finished_at, error)
            VALUES ('{id}', '{status}', now() - interval '1 day', 'quantile', now(), {started}, {finished}, {error});
            """;
        // One round trip: the row is committed and locked again before the worker can look at it.
        var sql = status == "queued" ? $"BEGIN; {insert} COMMIT; BEGIN; SELECT id FROM rfm_runs WHERE id = '{id}' FOR UPDATE;" : insert;
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
        return (id, connection);
    }

    private static async Task ReleaseAsync(Guid id, NpgsqlConnection connection, string status)
    {
        if (status == "queued")
        {
            await using var fail = new NpgsqlCommand($"UPDATE rfm_runs SET status = 'failed', finished_at = now(), error = 'test' WHERE id = '{id}'; COMMIT;", connection);
            await fail.ExecuteNonQueryAsync();
        }

        await connection.DisposeAsync();
    }

    [Theory]
    [InlineData("""{"asOf":"2999-01-01T00:00:00Z"}""", "asOf")]
    [InlineData("""{"asOf":"yesterday"}""", "asOf")]
    [InlineData("""{"windowDays":0}""", "windowDays")]
    [InlineData("""{"windowDays":-1}""", "windowDays")]
    [InlineData("""{"windowDays":"x"}""", "windowDays")]
    [InlineData("""{"windowDays":1.5}""", "windowDays")]
    [InlineData("""{"policy":"median"}""", "policy")]
    [InlineData("""{"policy":"Fixed","breakpoints":""" + Valid + "}", "policy")]
    [InlineData("""{"policy":"fixed"}""", "breakpoints")]
    [InlineData("""{"policy":"fixed","breakpoints":null}""", "breakpoints")]
    [InlineData("""{"policy":"fixed","breakpoints":{"recencyDays":[7,30,90],"frequency":[1,2,4,8],"monetary":[20,50,100,500]}}""", "breakpoints.recencyDays")]
    [InlineData("""{"policy":"fixed","breakpoints":{"recencyDays":[7,30,90,180,365],"frequency":[1,2,4,8],"monetary":[20,50,100,500]}}""", "breakpoints.recencyDays")]
    [InlineData("""{"policy":"fixed","breakpoints":{"recencyDays":[7,30,90,180],"frequency":[8,4,2,1],"monetary":[20,50,100,500]}}""", "breakpoints.frequency")]
    [InlineData("""{"policy":"fixed","breakpoints":{"recencyDays":[7,30,90,180],"frequency":[1,2,4,8],"monetary":[20,50,500,100]}}""", "breakpoints.monetary")]
    [InlineData("""{"policy":"fixed","breakpoints":{"recencyDays":[7,30,90,180],"frequency":[1,2,4,8]}}""", "breakpoints.monetary")]
    [InlineData("""{"policy":"fixed","breakpoints":{"recencyDays":[7,30,90,"x"],"frequency":[1,2,4,8],"monetary":[20,50,100,500]}}""", "breakpoints.recencyDays[3]")]
    [InlineData("""{"policy":"quantile","breakpoints":""" + Valid + "}", "breakpoints")]
    [InlineData("""{"breakpoints":""" + Valid + "}", "breakpoints")]
    [InlineData("""{"foo":1}""", "foo")]
    [InlineData("""{"asOf":"0001-01-01T00:00:00Z","windowDays":1}""", "asOf")]
    [InlineData("""{"status":"succeeded"}""", "status")]
    [InlineData("""{"id":"01a208d3-d130-7471-816e-a8bbe04f134f"}""", "id")]
    [InlineData("""{"policy":"fixed","breakpoints":{"recencyDays":[7,30,90,180],"frequency":[1,2,4,8],"monetary":[20,50,100,500],"extra":[1]}}""", "breakpoints.extra")]
    public async Task An_invalid_run_request_is_refused_with_400_naming_the_member_and_creates_no_run(string json, string member)
    {
        var before = await RunCountAsync();

        using var response = await _client.PostAsync("/api/v1/rfm/runs", Requests.Json(json));
        var problem = await response.AssertProblemAsync(400);

        Assert.True(problem.ErrorKeys().Contains(member), $"expected '{member}' in {problem.ToJsonString()}");
        Assert.Equal(before, await RunCountAsync());
    }

    [Fact]
    public async Task A_run_request_that_is_not_json_is_refused_with_415_and_creates_no_run()
    {
        var before = await RunCountAsync();

        using var response = await _client.PostAsync("/api/v1/rfm/runs", new StringContent("asOf=2025-01-01", System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"));

        await response.AssertProblemAsync(415);
        Assert.Equal(before, await RunCountAsync());
    }

    [Fact]
    public async Task An_unknown_run_is_not_found()
    {
        using var response = await _client.GetAsync($"/api/v1/rfm/runs/{Guid.CreateVersion7()}");
        await response.AssertProblemAsync(404);

        using var segments = await _client.GetAsync($"/api/v1/rfm/segments?runId={Guid.CreateVersion7()}");
        await segments.AssertProblemAsync(404);

        using var customers = await _client.GetAsync($"/api/v1/rfm/segments/champions/customers?runId={Guid.CreateVersion7()}");
        await customers.AssertProblemAsync(404);

        using var migrations = await _client.GetAsync($"/api/v1/rfm/migrations?fromRunId={Guid.CreateVersion7()}&toRunId={Guid.CreateVersion7()}");
        await migrations.AssertProblemAsync(404);

        using var customer = await _client.GetAsync($"/api/v1/customers/{Guid.CreateVersion7()}/rfm");
        await customer.AssertProblemAsync(404);
    }

    [Theory]
    [InlineData("failed")]
    [InlineData("running")]
    [InlineData("queued")]
    public async Task Results_of_a_run_that_has_not_succeeded_are_a_409_conflict_naming_its_status(string status)
    {
        var (runId, connection) = await InsertRunAsync(status);
        try
        {
            await AssertNoResultsAsync(runId, status);
        }
        finally
        {
            await ReleaseAsync(runId, connection, status);
        }
    }

    private async Task AssertNoResultsAsync(Guid runId, string status)
    {
        var run = (await _client.GetFromJsonAsync<JsonObject>($"/api/v1/rfm/runs/{runId}"))!;
        Assert.Equal(status, run["status"]!.GetValue<string>());
        Assert.Null(run["scoredCustomers"]);
        foreach (var uri in new[]
        {
            $"/api/v1/rfm/segments?runId={runId}",
            $"/api/v1/rfm/segments/champions/customers?runId={runId}",
            $"/api/v1/rfm/migrations?fromRunId={runId}&toRunId={runId}",
            $"/api/v1/rfm/migrations?toRunId={runId}",
        })
        {
            using var response = await _client.GetAsync(uri);

            var problem = await response.AssertProblemAsync(409);
            Assert.Equal("rfm-run-not-succeeded", problem["code"]!.GetValue<string>());
            Assert.Equal(runId, problem["runId"]!.GetValue<Guid>());
            Assert.Equal(status, problem["runStatus"]!.GetValue<string>());
            Assert.Contains(status, problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Before_any_run_there_are_no_results_and_a_run_over_no_orders_scores_nobody()
    {
        foreach (var uri in new[] { "/api/v1/rfm/segments", "/api/v1/rfm/segments/champions/customers", "/api/v1/rfm/migrations" })
        {
            using var none = await _client.GetAsync(uri);
            await none.AssertProblemAsync(404);
        }

        var run = await _client.RunAsync(new { });

        Assert.Equal(0, run["scoredCustomers"]!.GetValue<int>());
        Assert.Equal("quantile", run["policy"]!.GetValue<string>());
        Assert.Null(run["breakpoints"]);
        Assert.Equal(RfmReference.DefaultCells.Count, run["segmentMap"]!.AsArray().Count);
        Assert.True(RfmApi.ParseTime(run["asOf"]) <= RfmApi.ParseTime(run["createdAt"]));
        var summary = await _client.SegmentsAsync(RfmApi.IdOf(run));
        Assert.Equal(0, summary["scoredCustomers"]!.GetValue<int>());
        Assert.All(summary["segments"]!.AsArray(), s =>
        {
            Assert.Equal(0, s!["customers"]!.GetValue<int>());
            Assert.Equal(0.0, s["share"]!.GetValue<double>());
            Assert.Equal(0.0, s["revenueShare"]!.GetValue<double>());
        });
        Assert.Empty(await _client.SegmentCustomersAsync(RfmApi.IdOf(run), "champions"));

        // Reading a run: the segment key, the page size, the cursor and the query parameters are checked.
        var runId = RfmApi.IdOf(run);
        (string Uri, int Status, string? Member)[] cases =
        [
            ($"/api/v1/rfm/segments/no-such-segment/customers?runId={runId}", 404, null),
            ($"/api/v1/rfm/segments/Champions/customers?runId={runId}", 400, "segment"),
            ($"/api/v1/rfm/segments/champions/customers?runId={runId}&limit=0", 400, "limit"),
            ($"/api/v1/rfm/segments/champions/customers?runId={runId}&limit=201", 400, "limit"),
            ($"/api/v1/rfm/segments/champions/customers?runId={runId}&cursor=not-a-cursor", 400, "cursor"),
            ($"/api/v1/rfm/segments/champions/customers?runId={runId}&sort=name", 400, "sort"),
            ($"/api/v1/rfm/segments/champions/customers?runId=abc", 400, "runId"),
            ($"/api/v1/rfm/segments?runId={runId}&segment=lost", 400, "segment"),
            ("/api/v1/rfm/segments?runId=abc", 400, "runId"),
            ($"/api/v1/rfm/migrations?fromRunId={runId}&toRunId=abc", 400, "toRunId"),
            ("/api/v1/rfm/runs?limit=0", 400, "limit"),
            ("/api/v1/rfm/runs?cursor=not-a-cursor", 400, "cursor"),
            ("/api/v1/customers?segment=Champions", 400, "segment"),
        ];
        foreach (var (uri, status, member) in cases)
        {
            using var response = await _client.GetAsync(uri);
            var problem = await response.AssertProblemAsync(status);
            if (member is not null)
            {
                Assert.True(problem.ErrorKeys().Contains(member), $"{uri}: expected '{member}' in {problem.ToJsonString()}");
            }
        }

        // The run is listed, newest first.
        var runs = (await _client.GetFromJsonAsync<JsonObject>("/api/v1/rfm/runs"))!;
        Assert.Equal(runId, runs["items"]![0]!["id"]!.GetValue<Guid>());
    }
}
