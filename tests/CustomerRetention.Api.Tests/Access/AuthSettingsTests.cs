using CustomerRetention.Api.Tests.Support;
using Microsoft.AspNetCore.Hosting;

namespace CustomerRetention.Api.Tests.Access;

/// <summary>Authentication settings that cannot work stop the start-up and name the setting.</summary>
public sealed class AuthSettingsTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Theory]
    [InlineData("Auth:SigningKey", "too-short-a-key", "Auth:SigningKey")]
    [InlineData("Auth:Issuer", "", "Auth:Issuer")]
    [InlineData("Auth:Authority", "https://login.example.com", "Auth:SigningKey or Auth:Authority")]
    [InlineData("Auth:BootstrapApiKey", "cr_short", "Auth:BootstrapApiKey")]
    public void A_setting_that_cannot_work_stops_the_start(string setting, string value, string named)
    {
        using var host = api.WithWebHostBuilder(builder =>
        {
            builder.UseSetting(setting, value);
            builder.UseSetting("Jobs:Rfm:Worker", "false");
            builder.UseSetting("Jobs:Clv:Worker", "false");
        });

        var error = Record.Exception(() => host.CreateClient());

        Assert.NotNull(error);
        Assert.Contains(named, error.ToString(), StringComparison.Ordinal);
    }
}
