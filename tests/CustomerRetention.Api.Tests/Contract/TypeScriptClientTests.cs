using CustomerRetention.Api.Tests.Support;

namespace CustomerRetention.Api.Tests.Contract;

/// <summary>
/// A TypeScript client generated from the served document (openapi-typescript + openapi-fetch)
/// compiles with <c>tsc --strict</c> and runs a realistic scenario against the live API
/// (<c>tools/contract/client-ts/scenario.ts</c>): create with ETag, 304, a merge-patch that clears
/// a field, a stale If-Match, a typed 409 with its code, the timeline narrowed by kind, cursor
/// paging and an RFM run polled to completion.
/// </summary>
public sealed class TypeScriptClientTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task A_generated_typescript_client_compiles_strictly_and_runs_the_scenario()
    {
        var baseAddress = api.StartOnKestrel();
        var scenario = Path.Combine(ContractTools.ToolsDirectory, "client-ts");
        var generated = Path.Combine(scenario, ".generated");
        Directory.CreateDirectory(generated);
        var document = Path.Combine(generated, "openapi.json");
        using (var client = KestrelHosting.CreateSocketClient(baseAddress))
        {
            await File.WriteAllTextAsync(document, await client.GetStringAsync("/swagger/v1/swagger.json"));
        }

        var generate = await ContractTools.RunAsync("openapi-typescript", document, "--output", Path.Combine(generated, "schema.d.ts"));
        Assert.True(generate.ExitCode == 0, "openapi-typescript failed:\n" + generate.StandardOutput + generate.StandardError);

        var compile = await ContractTools.RunAsync("tsc", "--project", Path.Combine(scenario, "tsconfig.json"));
        Assert.True(compile.ExitCode == 0, "tsc --strict failed:\n" + compile.StandardOutput + compile.StandardError);

        var run = await ContractTools.RunNodeAsync(Path.Combine(generated, "out", "scenario.js"), ("API_BASE_URL", baseAddress.ToString().TrimEnd('/')),
            ("API_TOKEN", TestCredentials.Token("manager", TestCredentials.UserId("ts-client"), "ts-client")));
        Assert.True(run.ExitCode == 0, "the scenario failed:\n" + run.StandardOutput + run.StandardError);
        Assert.Contains("\"ok\":true", run.StandardOutput, StringComparison.Ordinal);
    }
}
