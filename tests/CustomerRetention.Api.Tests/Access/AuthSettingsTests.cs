using CustomerRetention.Api.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

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

/// <summary>Token lifetimes and key expiries are judged by the application's <see cref="TimeProvider"/>.</summary>
public sealed class CredentialClockTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task A_token_valid_by_the_wall_clock_is_expired_by_the_application_clock()
    {
        using var host = api.WithWebHostBuilder(builder => builder.ConfigureServices(services =>
            services.AddSingleton<TimeProvider>(new ShiftedClock(TimeSpan.FromHours(3)))));
        using var client = host.CreateClient();

        using var response = await client.GetAsync("/api/v1/me");

        var problem = await response.AssertProblemAsync(401);
        Assert.Equal("The bearer token has expired.", problem["detail"]!.GetValue<string>());
    }

    private sealed class ShiftedClock(TimeSpan shift) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + shift;
    }
}
