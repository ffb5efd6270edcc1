using CustomerRetention.Api.Tests.Support;

namespace CustomerRetention.Api.Tests.Contract;

/// <summary>
/// The C# client NSwag generates from the served document with default settings compiles with
/// warnings as errors and runs a realistic scenario against the live API
/// (<c>tools/contract/client-cs/Program.cs</c>): create, 304 with the ETag, a merge-patch with
/// If-Match that sends only what is set, a null that clears a member, a stale If-Match as a typed
/// 412, a typed 409 with its code, the timeline items as a class per kind, cursor paging and an RFM
/// run polled to completion.
/// </summary>
public sealed class CSharpClientTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task A_generated_nswag_client_compiles_without_warnings_and_runs_the_scenario()
    {
        var baseAddress = api.StartOnKestrel();
        var project = Path.Combine(ContractTools.ToolsDirectory, "client-cs");
        var generated = Path.Combine(project, ".generated");
        Directory.CreateDirectory(generated);
        var document = Path.Combine(generated, "openapi.json");
        using (var client = KestrelHosting.CreateSocketClient(baseAddress))
        {
            await File.WriteAllTextAsync(document, await client.GetStringAsync("/swagger/v1/swagger.json"));
        }

        var generate = await ContractTools.RunDotnetAsync(
            ["tool", "run", "nswag", "openapi2csclient", $"/input:{document}", $"/output:{Path.Combine(generated, "Client.cs")}", "/namespace:CustomerRetention.Client"]);
        Assert.True(generate.ExitCode == 0, "nswag openapi2csclient failed:\n" + generate.StandardOutput + generate.StandardError);

        var build = await ContractTools.RunDotnetAsync(["build", project, "-c", "Release", "-nologo", "-warnaserror"]);
        Assert.True(build.ExitCode == 0, "the generated client does not compile cleanly:\n" + build.StandardOutput + build.StandardError);
        Assert.Contains(" 0 Warning(s)", build.StandardOutput, StringComparison.Ordinal);

        var run = await ContractTools.RunDotnetAsync(
            ["run", "--project", project, "-c", "Release", "--no-build"], ("API_BASE_URL", baseAddress.ToString().TrimEnd('/')),
            ("API_TOKEN", TestCredentials.Token("manager", TestCredentials.UserId("cs-client"), "cs-client")));
        Assert.True(run.ExitCode == 0, "the scenario failed:\n" + run.StandardOutput + run.StandardError);
        Assert.Contains("\"ok\":true", run.StandardOutput, StringComparison.Ordinal);
    }
}
