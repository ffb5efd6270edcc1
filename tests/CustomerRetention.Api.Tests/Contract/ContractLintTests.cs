using System.Text.Json.Nodes;
using CustomerRetention.Api.Tests.Support;

namespace CustomerRetention.Api.Tests.Contract;

/// <summary>
/// The served OpenAPI document passes Spectral (<c>spectral:oas</c> and the OWASP API ruleset) and
/// Redocly (<c>recommended</c>) with zero errors. Rules are turned off only in the ruleset files of
/// <c>tools/contract</c>, each with its reason.
/// </summary>
public sealed class ContractLintTests(ApiFactory api) : IClassFixture<ApiFactory>, IAsyncLifetime
{
    private string _document = string.Empty;

    public async Task InitializeAsync()
    {
        _document = Path.Combine(Path.GetTempPath(), $"openapi-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(_document, await api.CreateClient().GetStringAsync("/swagger/v1/swagger.json"));
    }

    public Task DisposeAsync()
    {
        File.Delete(_document);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Spectral_oas_and_owasp_report_no_error()
    {
        var (_, output, error) = await ContractTools.RunAsync(
            "spectral", "lint", _document, "--ruleset", Path.Combine(ContractTools.ToolsDirectory, ".spectral.yaml"), "--format", "json", "--quiet");

        var results = JsonNode.Parse(output.Length == 0 ? "[]" : output) as JsonArray
            ?? throw new InvalidOperationException($"spectral wrote no JSON: {output} {error}");
        var errors = results.Where(r => r!["severity"]!.GetValue<int>() == 0)
            .Select(r => $"{r!["code"]}: {r["message"]} at {string.Join('.', r["path"]!.AsArray().Select(p => p!.ToString()))}")
            .ToList();
        Assert.True(errors.Count == 0, $"{errors.Count} Spectral errors:\n" + string.Join('\n', errors.Take(60)));
    }

    [Fact]
    public async Task Redocly_recommended_reports_no_error()
    {
        var (_, output, error) = await ContractTools.RunAsync(
            "redocly", "lint", _document, "--config", Path.Combine(ContractTools.ToolsDirectory, "redocly.yaml"), "--format", "json");

        var report = JsonNode.Parse(output) as JsonObject ?? throw new InvalidOperationException($"redocly wrote no JSON: {output} {error}");
        var errors = report["problems"]!.AsArray().Where(p => p!["severity"]!.GetValue<string>() == "error")
            .Select(p => $"{p!["ruleId"]}: {p["message"]} at {p["location"]?[0]?["pointer"]}")
            .ToList();
        Assert.True(errors.Count == 0, $"{errors.Count} Redocly errors:\n" + string.Join('\n', errors.Take(60)));
    }
}
