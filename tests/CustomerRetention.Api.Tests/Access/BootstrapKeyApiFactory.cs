using CustomerRetention.Api.Tests.Support;
using Microsoft.AspNetCore.Hosting;

namespace CustomerRetention.Api.Tests.Access;

/// <summary>The test API with <c>Auth:BootstrapApiKey</c> set to <see cref="Key"/>.</summary>
public sealed class BootstrapKeyApiFactory : ApiFactory
{
    public const string Key = "cr_bootTest_0123456789abcdefghijklmnopqrstuvwxyzABCDEFG";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Auth:BootstrapApiKey", Key);
    }
}
