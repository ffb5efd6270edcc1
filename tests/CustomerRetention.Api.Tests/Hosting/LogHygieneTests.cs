using System.Net;
using CustomerRetention.Api.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace CustomerRetention.Api.Tests.Hosting;

/// <summary>The API with its configured log levels, every line kept.</summary>
public sealed class LogCapturingApiFactory : ApiFactory
{
    public LogCapture Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
    }
}

/// <summary>
/// No credential or personal data in the logs (ADR 18): a session of ordinary and refused requests
/// that carry an e-mail address, a phone number, a bearer token and an API key leaves none of
/// them in any line the API wrote, messages and exceptions included.
/// </summary>
public sealed class LogHygieneTests(LogCapturingApiFactory api) : IClassFixture<LogCapturingApiFactory>
{
    private const string Email = "grace.secret@example.com";
    private const string Phone = "+4915199887766";
    private const string Token = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJsZWFrIn0.c2VjcmV0LXNpZ25hdHVyZQ";
    private const string ApiKey = "cr_leakcheck_4f6b2a9d81c3e7f05a1b";

    [Fact]
    public async Task No_token_key_or_personal_data_reaches_the_logs()
    {
        var client = api.CreateApiClient();

        // Refused credentials: a forged bearer token, an unknown key, a key in the query string.
        using var anonymous = api.CreateClient();
        anonymous.DefaultRequestHeaders.Authorization = null;
        using (var forged = new HttpRequestMessage(HttpMethod.Get, "/api/v1/customers"))
        {
            forged.Headers.TryAddWithoutValidation("Authorization", "Bearer " + Token);
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.SendAsync(forged)).StatusCode);
        }

        using (var unknownKey = new HttpRequestMessage(HttpMethod.Get, "/api/v1/customers"))
        {
            unknownKey.Headers.Add("X-Api-Key", ApiKey);
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.SendAsync(unknownKey)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/customers?api_key=" + ApiKey)).StatusCode);

        var created = await client.CreateCustomerAsync(new { type = "individual", name = "Grace Secret", email = Email, phone = Phone });
        var id = created["id"]!.GetValue<Guid>();
        using var duplicate = await client.PostCustomerAsync(new { type = "individual", name = "Grace Again", email = Email });
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        using var invalid = await client.PatchCustomerAsync(id, new { email = "not-an-address " + Email });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        await client.ListCustomersAsync("q=" + Uri.EscapeDataString(Email));
        using var stale = await client.PatchCustomerAsync(id, new { phone = Phone }, ifMatch: "\"1\"");
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        using var unknown = await client.Http.GetAsync($"/api/v1/customers/{Guid.NewGuid()}?email={Uri.EscapeDataString(Email)}");
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);

        var lines = api.Logs.Entries;
        Assert.NotEmpty(lines);
        foreach (var secret in new[] { Email, Phone, Token, ApiKey, "grace.secret" })
        {
            var leaks = lines.Where(l => l.Message.Contains(secret, StringComparison.OrdinalIgnoreCase)
                || (l.Exception?.ToString().Contains(secret, StringComparison.OrdinalIgnoreCase) ?? false)).ToList();
            Assert.True(leaks.Count == 0, $"'{secret}' is in the logs: {string.Join(" | ", leaks.Select(l => l.Category + ": " + l.Message))}");
        }
    }
}
