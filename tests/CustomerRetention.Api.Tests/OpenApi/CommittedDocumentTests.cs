using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using CustomerRetention.Api.Tests.Support;

namespace CustomerRetention.Api.Tests.OpenApi;

/// <summary>
/// The committed contract (<c>docs/openapi/v1.json</c>) is the document the API serves. With
/// <c>CR_UPDATE_OPENAPI=1</c> (what <c>build/openapi.sh</c> sets) the test writes the served
/// document to the file instead of comparing.
/// </summary>
public sealed class CommittedDocumentTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [Fact]
    public async Task The_served_document_is_the_committed_one()
    {
        var served = Normalise(await api.CreateClient().GetStringAsync("/swagger/v1/swagger.json"));
        var path = CommittedPath();
        if (Environment.GetEnvironmentVariable("CR_UPDATE_OPENAPI") == "1")
        {
            await File.WriteAllTextAsync(path, served);
            return;
        }

        Assert.True(File.Exists(path), $"{path} is missing: run build/openapi.sh.");
        var committed = Normalise(await File.ReadAllTextAsync(path));
        Assert.True(
            committed == served,
            "The served OpenAPI document differs from docs/openapi/v1.json: run build/openapi.sh and commit the result. First difference: " + FirstDifference(committed, served));
    }

    [Fact]
    public void The_committed_document_is_valid_openapi()
    {
        var result = Microsoft.OpenApi.OpenApiDocument.Parse(File.ReadAllText(CommittedPath()), "json");
        Assert.NotNull(result.Document);
        Assert.Empty(result.Diagnostic!.Errors.Select(e => $"{e.Pointer}: {e.Message}"));
        Assert.Empty(Microsoft.OpenApi.OpenApiElementExtensions.Validate(result.Document!, Microsoft.OpenApi.ValidationRuleSet.GetDefaultRuleSet())!.Select(e => $"{e.Pointer}: {e.Message}"));
    }

    /// <summary>Indented, LF line endings, a final newline: the form the file is committed in.</summary>
    internal static string Normalise(string json) =>
        JsonNode.Parse(json)!.ToJsonString(Indented).Replace("\r\n", "\n", StringComparison.Ordinal) + "\n";

    internal static string CommittedPath([CallerFilePath] string thisFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "..", "..", "docs", "openapi", "v1.json"));

    private static string FirstDifference(string committed, string served)
    {
        var a = committed.Split('\n');
        var b = served.Split('\n');
        for (var i = 0; i < Math.Max(a.Length, b.Length); i++)
        {
            var left = i < a.Length ? a[i] : "<end>";
            var right = i < b.Length ? b[i] : "<end>";
            if (left != right)
            {
                return $"line {i + 1}: committed `{left.Trim()}`, served `{right.Trim()}`";
            }
        }

        return "none";
    }
}
