using System.Text.RegularExpressions;
using CustomerRetention.Api.Tests.Support;

namespace CustomerRetention.Api.Tests;

/// <summary>
/// A job that fails on something unexpected tells its user so in fixed words with its id, never
/// with PostgreSQL's text (issue #9: a CLV model showed "22008: cannot subtract infinite dates").
/// The failure is provoked with data only SQL can write: an order at -infinity.
/// </summary>
public sealed partial class FailedJobErrorTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task A_model_that_fails_in_the_database_says_internal_error_with_its_id_and_no_database_text()
    {
        await OrderAtMinusInfinityAsync();

        var model = await _client.FitAsync(new { calibrationEnd = "2020-01-01" });

        AssertInternalError(model, $"The model failed because of an internal error and stored no predictions; the server log has the details (model id {RfmApi.IdOf(model)}).");
    }

    [Fact]
    public async Task A_run_that_fails_in_the_database_says_internal_error_with_its_id_and_no_database_text()
    {
        await OrderAtMinusInfinityAsync();

        var run = await _client.WaitForRunAsync(RfmApi.IdOf(await _client.StartRunAsync(new { })));

        AssertInternalError(run, $"The run failed because of an internal error and stored no results; the server log has the details (run id {RfmApi.IdOf(run)}).");
    }

    private async Task OrderAtMinusInfinityAsync()
    {
        var customer = await _client.NewCustomerAsync("Timeless");
        var order = await _client.AddOrderAsync(customer, new DateTimeOffset(2019, 5, 1, 0, 0, 0, TimeSpan.Zero), 10m);
        await api.ExecuteAsync($"UPDATE orders SET ordered_at = '-infinity' WHERE id = '{order}'");
    }

    private static void AssertInternalError(System.Text.Json.Nodes.JsonObject job, string expected)
    {
        Assert.Equal("failed", job["status"]!.GetValue<string>());
        var error = job["error"]!.GetValue<string>();
        Assert.Equal(expected, error);
        Assert.DoesNotMatch(SqlState(), error);
        Assert.DoesNotContain("infinite", error, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>A SQLSTATE as Npgsql prefixes it to PostgreSQL's message ("22008: ...").</summary>
    [GeneratedRegex("\\b[0-9A-Z]{5}: ")]
    private static partial Regex SqlState();
}
