using Microsoft.AspNetCore.Mvc.Testing;

namespace CustomerRetention.Api.Tests.Support;

/// <summary>
/// The API in-process with the default test caller on every client it creates (an admin bearer
/// token, <see cref="TestCredentials"/>); also through <c>WithWebHostBuilder</c>, whose clients are
/// configured by this class too.
/// </summary>
public class TestHostFactory : WebApplicationFactory<Program>
{
    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        client.As("admin", TestCredentials.AdminId, "Test Admin");
    }
}
