using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using CustomerRetention.Api.Tests.Hosting;
using CustomerRetention.Api.Tests.Support;

namespace CustomerRetention.Api.Tests.Access;

/// <summary><c>build/token.sh</c> mints tokens the API accepts, for the role and user asked for.</summary>
public sealed class TokenScriptTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task A_minted_token_calls_as_that_role_and_user()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // a bash script; the project is developed and run on Linux
        }

        var sub = Guid.CreateVersion7();
        var start = new ProcessStartInfo("bash", [Path.Combine(RunScriptTests.RepositoryRoot(), "build", "token.sh"), "--role", "agent", "--sub", sub.ToString(), "--name", "Agent \"Smith\""])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["Auth__SigningKey"] = TestCredentials.SigningKey;
        start.Environment["Auth__Issuer"] = TestCredentials.Issuer;
        start.Environment["Auth__Audience"] = TestCredentials.Audience;
        using var process = Process.Start(start)!;
        var token = (await process.StandardOutput.ReadToEndAsync()).Trim();
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, errors);

        using var client = api.CreateAnonymousClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var me = JsonNode.Parse(await client.GetStringAsync("/api/v1/me"))!;

        Assert.Equal(sub, me["id"]!.GetValue<Guid>());
        Assert.Equal("Agent \"Smith\"", me["name"]!.GetValue<string>());
        Assert.Equal("agent", me["role"]!.GetValue<string>());
        Assert.Equal("user", me["kind"]!.GetValue<string>());
    }
}
