using System.Net;
using CustomerRetention.Api.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CustomerRetention.Api.Tests.Hosting;

/// <summary>Settings that decide whether the API may start, and what it serves in Production.</summary>
public sealed class StartupSettingsTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private WebApplicationFactory<Program> Host(string environment, string? cursorKey, string? openApiEnabled = null) =>
        api.WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment(environment);
            builder.UseSetting("Pagination:CursorKey", cursorKey ?? string.Empty);
            builder.UseSetting("Rfm:Worker", "false");
            builder.UseSetting("Clv:Worker", "false");
            if (openApiEnabled is not null)
            {
                builder.UseSetting("OpenApi:Enabled", openApiEnabled);
            }
        });

    [Theory]
    [InlineData("Production", null)]
    [InlineData("Production", "   ")]
    [InlineData("Staging", null)]
    [InlineData("Production", "too-short-a-secret")]
    [InlineData("Production", "customer-retention-development-cursor-key")]
    public void Outside_Development_the_API_refuses_to_start_without_its_own_cursor_key(string environment, string? key)
    {
        using var host = Host(environment, key);
        var error = Record.Exception(() => host.CreateClient());
        Assert.NotNull(error);
        var messages = string.Join(" | ", Chain(error));
        Assert.Contains("Pagination:CursorKey", messages, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Development_may_run_on_the_built_in_cursor_key()
    {
        using var host = Host("Development", null);
        using var client = host.CreateClient();
        using var response = await client.GetAsync("/api/v1/customers");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_cursor_signed_with_the_development_key_is_refused_in_Production()
    {
        for (var i = 0; i < 3; i++)
        {
            await api.CreateClient().CreateCustomerAsync(new { type = "individual", name = $"Customer {i}" });
        }

        string cursor;
        using (var development = Host("Development", null))
        using (var client = development.CreateClient())
        {
            var page = await (await client.GetAsync("/api/v1/customers?limit=1")).ReadObjectAsync();
            cursor = page["nextCursor"]!.GetValue<string>();
        }

        using var production = Host("Production", "a-production-secret-of-forty-characters!!");
        using var response = await production.CreateClient().GetAsync($"/api/v1/customers?limit=1&cursor={Uri.EscapeDataString(cursor)}");
        var problem = await response.AssertProblemAsync(400);
        Assert.Equal(["cursor"], problem.ErrorKeys());
    }

    [Fact]
    public async Task Production_serves_the_OpenAPI_document_and_Swagger_UI_by_default()
    {
        using var host = Host("Production", ApiFactory.TestCursorKey);
        using var client = host.CreateClient();
        using var document = await client.GetAsync("/swagger/v1/swagger.json");
        Assert.Equal(HttpStatusCode.OK, document.StatusCode);
        using var ui = await client.GetAsync("/swagger/index.html");
        Assert.Equal(HttpStatusCode.OK, ui.StatusCode);
    }

    [Fact]
    public async Task OpenApi_Enabled_false_turns_the_document_and_Swagger_UI_off()
    {
        using var host = Host("Production", ApiFactory.TestCursorKey, openApiEnabled: "false");
        using var client = host.CreateClient();
        using var document = await client.GetAsync("/swagger/v1/swagger.json");
        await document.AssertProblemAsync(404);
        using var ui = await client.GetAsync("/swagger/index.html");
        Assert.Equal(HttpStatusCode.NotFound, ui.StatusCode);
    }

    private static IEnumerable<string> Chain(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            yield return e.Message;
        }
    }
}
