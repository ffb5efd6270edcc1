using System.Net;
using System.Text.Json.Nodes;
using CustomerRetention.Api.Tests.Support;

namespace CustomerRetention.Api.Tests.Access;

/// <summary>The bootstrap key is an ordinary key: revocable, and refused from the next request on.</summary>
public sealed class BootstrapKeyRevocationTests(BootstrapKeyApiFactory api) : IClassFixture<BootstrapKeyApiFactory>
{
    [Fact]
    public async Task The_bootstrap_key_can_be_revoked_with_itself_and_is_refused_at_once()
    {
        using var client = api.WithApiKey(BootstrapKeyApiFactory.Key);
        var me = JsonNode.Parse(await client.GetStringAsync("/api/v1/me"))!;
        Assert.Equal("admin", me["role"]!.GetValue<string>());

        using (var revoked = await client.DeleteAsync($"/api/v1/api-keys/{me["id"]}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        }

        using var refused = await client.GetAsync("/api/v1/me");
        await refused.AssertProblemAsync(401);
        var listed = JsonNode.Parse(await api.CreateClient().GetStringAsync("/api/v1/api-keys"))!["items"]!.AsArray().Single(k => k!["name"]!.GetValue<string>() == "bootstrap")!;
        Assert.NotNull(listed["revokedAt"]);
    }
}
