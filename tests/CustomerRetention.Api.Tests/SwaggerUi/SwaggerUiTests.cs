using System.Text.Json;
using System.Text.Json.Nodes;
using CustomerRetention.Api.Tests.Support;
using Microsoft.Playwright;

namespace CustomerRetention.Api.Tests.SwaggerUi;

/// <summary>
/// Swagger UI at /swagger in a real browser (headless Debian Chromium through Playwright) against
/// the API on a loopback Kestrel port (issue #11, point 5): every operation of the served
/// document is on the page, "Try it out" on create-customer with the default body creates the
/// customer and shows its ETag, and an enum query parameter of a list operation is a choice.
/// </summary>
public sealed class SwaggerUiTests(SwaggerUiBrowser browser) : IClassFixture<SwaggerUiBrowser>
{
    private static readonly string[] HttpMethods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

    [Fact]
    public Task Page_shows_every_operation_of_the_served_document() =>
        browser.OnSwaggerUiAsync(nameof(Page_shows_every_operation_of_the_served_document), async page =>
        {
            var expected = Operations(browser.Document).Select(o => $"{o.Method.ToUpperInvariant()} {o.Path}").Order(StringComparer.Ordinal).ToList();
            Assert.NotEmpty(expected);

            var blocks = page.Locator(".opblock");
            try
            {
                // Give the page a moment to render them all; the assertions below say what differs.
                await Assertions.Expect(blocks).ToHaveCountAsync(expected.Count, new LocatorAssertionsToHaveCountOptions { Timeout = 5_000 });
            }
            catch (PlaywrightException)
            {
            }

            var shown = new List<string>();
            foreach (var block in await blocks.AllAsync())
            {
                var method = (await block.Locator(".opblock-summary-method").InnerTextAsync()).Trim();
                var path = await block.Locator(".opblock-summary-path").GetAttributeAsync("data-path");
                shown.Add($"{method.ToUpperInvariant()} {path}");
            }

            shown.Sort(StringComparer.Ordinal);
            Assert.True(expected.Count == shown.Count,
                $"the document has {expected.Count} operations (paths × methods), the page shows {shown.Count} operation blocks");
            Assert.Equal(expected, shown);
        });

    [Fact]
    public Task Try_it_out_on_create_customer_with_the_default_body_creates_it_and_shows_its_etag() =>
        browser.OnSwaggerUiAsync(nameof(Try_it_out_on_create_customer_with_the_default_body_creates_it_and_shows_its_etag), async page =>
        {
            var operation = await OpenTryItOutAsync(page, "post", "/api/v1/customers");
            var defaultBody = await operation.Locator(".body-param textarea").InputValueAsync();

            var response = await page.RunAndWaitForResponseAsync(
                () => operation.Locator("button.execute").ClickAsync(),
                r => r.Request.Method == "POST" && new Uri(r.Url).AbsolutePath == "/api/v1/customers");
            var body = await response.TextAsync();
            var live = operation.Locator(".live-responses-table .response").First;
            await live.WaitForAsync();
            var status = (await live.Locator(".response-col_status").InnerTextAsync()).Trim();
            Assert.True(status == "201",
                $"Execute with the default body showed {status}, not 201 (the default body comes from the document's example of the create-customer request).{Environment.NewLine}"
                + $"Default body: {defaultBody}{Environment.NewLine}Response: {body}");

            var etag = await response.HeaderValueAsync("etag");
            Assert.False(string.IsNullOrEmpty(etag), "the 201 has no ETag header");
            var shownHeaders = await live.Locator(".response-col_description").InnerTextAsync();
            Assert.True(shownHeaders.Contains($"etag: {etag}", StringComparison.OrdinalIgnoreCase),
                $"the response headers shown do not include 'etag: {etag}':{Environment.NewLine}{shownHeaders}");

            var id = JsonDocument.Parse(body).RootElement.GetProperty("id").GetGuid();
            var stored = await browser.Api.ScalarAsync<long>($"SELECT count(*) FROM customers WHERE id = '{id}' AND archived_at IS NULL");
            Assert.True(stored == 1, $"customer {id} created through Swagger UI is not in the database");
        });

    [Fact]
    public Task The_authorize_button_takes_a_bearer_token_and_try_it_out_calls_with_it() =>
        browser.OnSwaggerUiAsync(
            nameof(The_authorize_button_takes_a_bearer_token_and_try_it_out_calls_with_it),
            async page =>
            {
                // Without a credential the call is refused ...
                var operation = await OpenTryItOutAsync(page, "get", "/api/v1/me");
                var refused = await page.RunAndWaitForResponseAsync(
                    () => operation.Locator("button.execute").ClickAsync(),
                    r => new Uri(r.Url).AbsolutePath == "/api/v1/me");
                Assert.Equal(401, refused.Status);

                // ... and after Authorize with a viewer's token it is that viewer's.
                await page.Locator("button.authorize").First.ClickAsync();
                var dialog = page.Locator(".modal-ux");
                await dialog.WaitForAsync();
                var bearer = dialog.Locator(".auth-container").Filter(new LocatorFilterOptions { HasText = "bearer" });
                await bearer.Locator("input").First.FillAsync(TestCredentials.Token("viewer", TestCredentials.UserId("swagger-viewer"), "Swagger Viewer"));
                await bearer.Locator("button.authorize").ClickAsync();
                await dialog.Locator("button.btn-done").First.ClickAsync();

                var response = await page.RunAndWaitForResponseAsync(
                    () => operation.Locator("button.execute").ClickAsync(),
                    r => new Uri(r.Url).AbsolutePath == "/api/v1/me" && r.Status != 401);
                var me = JsonDocument.Parse(await response.TextAsync()).RootElement;
                Assert.Equal(200, response.Status);
                Assert.Equal("viewer", me.GetProperty("role").GetString());
                Assert.Equal("Swagger Viewer", me.GetProperty("name").GetString());
            },
            asTestCaller: false);

    [Fact]
    public Task List_customers_offers_the_lifecycle_stages_as_choices() =>
        browser.OnSwaggerUiAsync(nameof(List_customers_offers_the_lifecycle_stages_as_choices), async page =>
        {
            var parameter = QueryParameter(browser.Document, "/api/v1/customers", "get", "stage");
            var values = EnumValues(browser.Document, parameter);
            Assert.True(values.Count > 0,
                "the document declares no enum for the query parameter 'stage' of GET /api/v1/customers, so Swagger UI can only offer a text box: "
                + parameter.ToJsonString());

            var operation = await OpenTryItOutAsync(page, "get", "/api/v1/customers");
            var select = operation.Locator("tr[data-param-name='stage'][data-param-in='query'] select");
            Assert.True(await select.CountAsync() == 1, "the parameter 'stage' is not a <select> in Try it out");
            var options = (await select.Locator("option").AllInnerTextsAsync()).Select(o => o.Trim()).Where(o => o != "--").ToList();
            Assert.Equal(values, options);

            // A choice goes into the request.
            await select.SelectOptionAsync(values[^1]);
            var response = await page.RunAndWaitForResponseAsync(
                () => operation.Locator("button.execute").ClickAsync(),
                r => r.Request.Method == "GET" && new Uri(r.Url).AbsolutePath == "/api/v1/customers");
            Assert.Contains($"stage={Uri.EscapeDataString(values[^1])}", new Uri(response.Url).Query, StringComparison.Ordinal);
            Assert.Equal(200, response.Status);
        });

    /// <summary>Expands the operation <paramref name="method"/> <paramref name="path"/> and presses "Try it out".</summary>
    private static async Task<ILocator> OpenTryItOutAsync(IPage page, string method, string path)
    {
        var operation = page.Locator($".opblock.opblock-{method}")
            .Filter(new LocatorFilterOptions { Has = page.Locator($".opblock-summary-path[data-path='{path}']") });
        Assert.True(await operation.CountAsync() == 1, $"{method.ToUpperInvariant()} {path} is not on the page exactly once");
        await operation.Locator(".opblock-summary").First.ClickAsync();
        await operation.Locator("button.try-out__btn").ClickAsync();
        await operation.Locator("button.execute").WaitForAsync();
        return operation;
    }

    private static IEnumerable<(string Path, string Method)> Operations(JsonObject document) =>
        document["paths"]!.AsObject()
            .SelectMany(p => p.Value!.AsObject().Where(m => HttpMethods.Contains(m.Key)).Select(m => (p.Key, m.Key)));

    private static JsonObject QueryParameter(JsonObject document, string path, string method, string name)
    {
        var parameters = document["paths"]?[path]?[method]?["parameters"]?.AsArray()
            ?? throw new InvalidOperationException($"{method.ToUpperInvariant()} {path} has no parameters in the document");
        return parameters.Select(p => Resolve(document, p!)).Single(p => (string?)p["name"] == name && (string?)p["in"] == "query");
    }

    /// <summary>The enum values of a parameter's schema (or of its items, for an array), through <c>$ref</c>s.</summary>
    private static List<string> EnumValues(JsonObject document, JsonObject parameter)
    {
        var schema = parameter["schema"] is JsonNode s ? Resolve(document, s) : new JsonObject();
        if ((string?)schema["type"] == "array" && schema["items"] is JsonNode items)
        {
            schema = Resolve(document, items);
        }

        return schema["enum"]?.AsArray().Select(v => v!.ToString()).ToList() ?? [];
    }

    private static JsonObject Resolve(JsonObject document, JsonNode node)
    {
        var obj = node.AsObject();
        while (obj["$ref"] is JsonNode reference)
        {
            JsonNode current = document;
            foreach (var segment in ((string)reference!).TrimStart('#', '/').Split('/'))
            {
                current = current[segment.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)]!;
            }

            obj = current.AsObject();
        }

        return obj;
    }
}
