using System.Text.Json;
using StandardWebhooks;
using WebhookReceiver;

namespace CustomerRetention.Api.Tests.Contract;

/// <summary>
/// The README's webhook-verification snippets (<c>docs/examples/webhook-verification/</c>), in C#
/// and TypeScript, are printed in the README exactly as they are here and give the right verdict
/// on messages signed by the independent StandardWebhooks package: a good signature, one of two
/// during a rotation, a changed body, another secret, a stale or future timestamp, garbage.
/// </summary>
public sealed class WebhookVerificationSnippetTests
{
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string OtherSecret = "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD";
    private const string Body = """{"id":"0193a6f4-0c21-7d3e-9f10-2a4b6c8d0e12","type":"customer.updated","occurredAt":"2026-11-21T09:12:44Z"}""";

    private static readonly string Examples = Path.Combine(ContractTools.RepositoryRoot, "docs", "examples", "webhook-verification");

    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_795_000_000);

    private static readonly bool[] Expected = [true, true, false, false, false, false, false];

    [Fact]
    public void The_csharp_snippet_accepts_exactly_the_genuine_messages()
    {
        var verdicts = Cases().Select(c => WebhookSignature.Verify(c.Secret, c.Id, c.Timestamp, c.Signature, c.Body, DateTimeOffset.FromUnixTimeSeconds(c.Now)));

        Assert.Equal(Expected, verdicts);
    }

    [Fact]
    public async Task The_typescript_snippet_compiles_strictly_and_accepts_exactly_the_genuine_messages()
    {
        var output = Directory.CreateTempSubdirectory("webhook-verification-").FullName;
        try
        {
            var compile = await ContractTools.RunAsync("tsc", "--project", Path.Combine(Examples, "tsconfig.json"), "--outDir", output);
            Assert.True(compile.ExitCode == 0, "tsc --strict failed:\n" + compile.StandardOutput + compile.StandardError);

            var cases = JsonSerializer.Serialize(Cases().Select(c => new { secret = c.Secret, id = c.Id, timestamp = c.Timestamp, signature = c.Signature, body = c.Body, now = c.Now }));
            var run = await ContractTools.RunNodeAsync(Path.Combine(output, "check.js"), ("WEBHOOK_CASES", cases));

            Assert.True(run.ExitCode == 0, "the check failed:\n" + run.StandardOutput + run.StandardError);
            Assert.Equal(Expected, JsonSerializer.Deserialize<bool[]>(run.StandardOutput));
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    [Theory]
    [InlineData("WebhookSignature.cs")]
    [InlineData("verify-webhook.ts")]
    public async Task The_readme_prints_the_tested_snippet(string file)
    {
        var readme = (await File.ReadAllTextAsync(Path.Combine(ContractTools.RepositoryRoot, "README.md"))).ReplaceLineEndings("\n");
        var snippet = (await File.ReadAllTextAsync(Path.Combine(Examples, file))).ReplaceLineEndings("\n").Trim();

        Assert.Contains(snippet, readme, StringComparison.Ordinal);
    }

    private sealed record Case(string Secret, string Id, string Timestamp, string Signature, string Body, long Now);

    private static IEnumerable<Case> Cases()
    {
        const string id = "0193a6f4-0c21-7d3e-9f10-2a4b6c8d0e12";
        var signer = new StandardWebhook(Secret);
        var now = Now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var good = signer.Sign(id, Now, Body);
        yield return new(Secret, id, now, good, Body, Now.ToUnixTimeSeconds());
        yield return new(Secret, id, now, new StandardWebhook(OtherSecret).Sign(id, Now, Body) + " " + good, Body, Now.ToUnixTimeSeconds());
        yield return new(Secret, id, now, good, Body.Replace("updated", "created", StringComparison.Ordinal), Now.ToUnixTimeSeconds());
        yield return new(OtherSecret, id, now, good, Body, Now.ToUnixTimeSeconds());
        foreach (var skew in new[] { -301, 301 })
        {
            var at = Now.AddSeconds(skew);
            yield return new(Secret, id, at.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), signer.Sign(id, at, Body), Body, Now.ToUnixTimeSeconds());
        }

        yield return new(Secret, id, now, "v1,not-base64!", Body, Now.ToUnixTimeSeconds());
    }
}
