using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CustomerRetention.Api.Tests.Segmentation;
using CustomerRetention.Api.Tests.Support;
using CustomerRetention.Api.Tests.Value;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace CustomerRetention.Api.Tests.BuildingBlocks;

/// <summary>The API with a setting PostgreSQL refuses: every job's first statement fails in the database.</summary>
public sealed class RefusedWorkMemApiFactory : ApiFactory
{
    public LogCapture Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Rfm:WorkMemMegabytes", "0");
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
    }
}

/// <summary>
/// A job that fails on something unexpected tells its user so in fixed words with its id, never
/// with PostgreSQL's text (issue #9: a CLV model showed "22008: cannot subtract infinite dates").
/// The failure is a real one from the server: <c>SET LOCAL work_mem = '0MB'</c> is refused
/// ("22023: 0 kB is outside the valid range for parameter work_mem").
/// </summary>
public sealed partial class FailedJobErrorTests(RefusedWorkMemApiFactory api) : IClassFixture<RefusedWorkMemApiFactory>
{
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task A_model_that_fails_in_the_database_says_internal_error_with_its_id_and_no_database_text()
    {
        var model = await _client.FitAsync(new { calibrationEnd = "2020-01-01" });

        AssertInternalError(model, $"The model failed because of an internal error and stored no predictions; the server log has the details (model id {RfmApi.IdOf(model)}).");
        AssertLogged($"CLV model {RfmApi.IdOf(model)} failed");
    }

    [Fact]
    public async Task A_run_that_fails_in_the_database_says_internal_error_with_its_id_and_no_database_text()
    {
        var run = await _client.WaitForRunAsync(RfmApi.IdOf(await _client.StartRunAsync(new { })));

        AssertInternalError(run, $"The run failed because of an internal error and stored no results; the server log has the details (run id {RfmApi.IdOf(run)}).");
        AssertLogged($"RFM run {RfmApi.IdOf(run)} failed");
    }

    private static void AssertInternalError(JsonObject job, string expected)
    {
        Assert.Equal("failed", job["status"]!.GetValue<string>());
        var error = job["error"]!.GetValue<string>();
        Assert.Equal(expected, error);
        Assert.DoesNotMatch(SqlState(), error);
        Assert.DoesNotContain("work_mem", error, StringComparison.Ordinal);
    }

    /// <summary>The server log has the real exception, at Error, under the job's id.</summary>
    private void AssertLogged(string message)
    {
        var entry = Assert.Single(api.Logs.Entries, e => e.Message == message);
        Assert.Equal(LogLevel.Error, entry.Level);
        Assert.Equal(PostgresErrorCodes.InvalidParameterValue, Assert.IsType<PostgresException>(entry.Exception).SqlState);
    }

    /// <summary>A SQLSTATE as Npgsql prefixes it to PostgreSQL's message ("22008: ...").</summary>
    [GeneratedRegex("\\b[0-9A-Z]{5}: ")]
    private static partial Regex SqlState();
}
