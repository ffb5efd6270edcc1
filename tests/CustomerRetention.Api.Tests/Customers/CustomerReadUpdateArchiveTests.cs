using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CustomerRetention.Api.Tests.Support;

namespace CustomerRetention.Api.Tests.Customers;

public sealed class CustomerReadUpdateArchiveTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly ApiClient _api = api.CreateApiClient();

    private Task<JsonObject> NewCustomerAsync() => _api.CreateCustomerAsync(new
    {
        type = "individual",
        name = "Grace Hopper",
        email = $"grace.{Guid.NewGuid():N}@navy.example",
        phone = "+1 202 555 0143",
        company = "US Navy",
        address = new { line1 = "1 Pentagon", city = "Arlington", region = "VA", country = "US" },
        tags = new[] { "cobol", "vip" },
        attributes = new { rank = "rear-admiral", bugs = 1 },
        consent = new { email = true, sms = true },
    });

    [Fact]
    public async Task Reading_an_unknown_customer_is_a_404_problem()
    {
        using var response = await _api.Http.GetAsync($"/api/v1/customers/{Guid.CreateVersion7()}");
        await response.AssertProblemAsync(404);
    }

    [Fact]
    public async Task If_none_match_with_the_current_etag_gives_304_and_a_stale_one_gives_200()
    {
        var customer = await NewCustomerAsync();
        var uri = $"/api/v1/customers/{customer["id"]}";
        using var first = await _api.Http.GetAsync(uri);
        var etag = first.Headers.ETag!;

        using var conditional = new HttpRequestMessage(HttpMethod.Get, uri);
        conditional.Headers.IfNoneMatch.Add(etag);
        using var notModified = await _api.Http.SendAsync(conditional);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());

        using var patched = await _api.Http.PatchAsync(uri, new { company = "Remington Rand" });
        using var again = new HttpRequestMessage(HttpMethod.Get, uri);
        again.Headers.IfNoneMatch.Add(etag);
        using var changed = await _api.Http.SendAsync(again);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.NotEqual(etag, changed.Headers.ETag);
    }

    [Fact]
    public async Task Merge_patch_sets_clears_merges_nested_objects_and_replaces_arrays()
    {
        var customer = await NewCustomerAsync();
        var uri = $"/api/v1/customers/{customer["id"]}";

        using var response = await _api.Http.PatchAsync(uri, new Dictionary<string, object?>
        {
            ["name"] = "Grace B. Hopper",
            ["company"] = null,
            ["address"] = new { city = "Washington", region = (string?)null },
            ["tags"] = new[] { "pioneer" },
            ["attributes"] = new Dictionary<string, object?> { ["bugs"] = null, ["language"] = "FLOW-MATIC" },
            ["consent"] = new { sms = false },
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.ReadObjectAsync();
        Assert.Equal("Grace B. Hopper", body["name"]!.GetValue<string>());
        Assert.Null(body["company"]);
        Assert.Equal("Washington", body["address"]!["city"]!.GetValue<string>());
        Assert.Equal("1 Pentagon", body["address"]!["line1"]!.GetValue<string>());
        Assert.Null(body["address"]!["region"]);
        Assert.Equal(["pioneer"], body["tags"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal(["language", "rank"], body["attributes"]!.AsObject().Select(a => a.Key));
        Assert.True(body["consent"]!["email"]!.GetValue<bool>());
        Assert.False(body["consent"]!["sms"]!.GetValue<bool>());
        Assert.Equal(customer["email"]!.GetValue<string>(), body["email"]!.GetValue<string>());
        Assert.Equal(customer["createdAt"]!.GetValue<string>(), body["createdAt"]!.GetValue<string>());
        Assert.True(DateTimeOffset.Parse(body["updatedAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture)
            > DateTimeOffset.Parse(customer["updatedAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture));
        Assert.NotNull(response.Headers.ETag);

        using var read = await _api.Http.GetAsync(uri);
        Assert.Equal(body.ToJsonString(), (await read.ReadObjectAsync()).ToJsonString());
    }

    [Fact]
    public async Task Patch_also_accepts_application_json()
    {
        var customer = await NewCustomerAsync();
        using var response = await _api.Http.PatchAsync($"/api/v1/customers/{customer["id"]}", new { birthday = "1906-12-09" }, mediaType: "application/json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("1906-12-09", (await response.ReadObjectAsync())["birthday"]!.GetValue<string>());
    }

    [Fact]
    public async Task Patch_with_the_current_etag_succeeds_and_a_stale_etag_is_412_and_changes_nothing()
    {
        var customer = await NewCustomerAsync();
        var uri = $"/api/v1/customers/{customer["id"]}";
        using var read = await _api.Http.GetAsync(uri);
        var etag = read.Headers.ETag!.ToString();

        using var ok = await _api.Http.PatchAsync(uri, new { company = "Harvard" }, ifMatch: etag);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.NotEqual(etag, ok.Headers.ETag!.ToString());

        var before = await api.CustomersFingerprintAsync();
        using var stale = await _api.Http.PatchAsync(uri, new { company = "Eckert-Mauchly" }, ifMatch: etag);
        await stale.AssertProblemAsync(412);
        Assert.Equal(before, await api.CustomersFingerprintAsync());

        using var weak = await _api.Http.PatchAsync(uri, new { company = "Eckert-Mauchly" }, ifMatch: "W/" + ok.Headers.ETag!.Tag);
        await weak.AssertProblemAsync(412);
        Assert.Equal(before, await api.CustomersFingerprintAsync());
    }

    [Fact]
    public async Task Two_patches_from_the_same_etag_let_exactly_one_win()
    {
        var customer = await NewCustomerAsync();
        var uri = $"/api/v1/customers/{customer["id"]}";
        using var read = await _api.Http.GetAsync(uri);
        var etag = read.Headers.ETag!.ToString();

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => _api.Http.PatchAsync(uri, new { company = $"Company {i}" }, ifMatch: etag)));

        Assert.Equal(1, results.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(7, results.Count(r => r.StatusCode == HttpStatusCode.PreconditionFailed));
        foreach (var r in results)
        {
            r.Dispose();
        }
    }

    public static TheoryData<string, string> InvalidPatches => new()
    {
        { """{"lifecycleStage":"churned"}""", "lifecycleStage" },
        { """{"id":"0190e2a0-0000-7000-8000-000000000000"}""", "id" },
        { """{"createdAt":"2026-01-01T00:00:00Z"}""", "createdAt" },
        { """{"nickname":"G"}""", "nickname" },
        { """{"name":null}""", "name" },
        { """{"type":null}""", "type" },
        { """{"name":""}""", "name" },
        { "{\"name\":\"" + new string('x', 201) + "\"}", "name" },
        { """{"email":"grace@"}""", "email" },
        { """{"phone":"12"}""", "phone" },
        { """{"address":{"country":"ZZ"}}""", "address.country" },
        { """{"tags":["a","A"]}""", "tags" },
        { """{"attributes":{"x":{"y":1}}}""", "attributes.x" },
        { """{"consent":{"email":1}}""", "consent.email" },
        { """[]""", "body" },
        { """{"name":"x""", "body" },
    };

    [Theory]
    [MemberData(nameof(InvalidPatches))]
    public async Task Malformed_patch_is_a_400_problem_naming_the_member_and_changes_nothing(string json, string member)
    {
        var customer = await NewCustomerAsync();
        var before = await api.CustomersFingerprintAsync();

        using var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/customers/{customer["id"]}")
        {
            Content = Requests.Json(json, "application/merge-patch+json"),
        };
        using var response = await _api.Http.SendAsync(request);

        var problem = await response.AssertProblemAsync(400);
        Assert.Contains(member, problem.ErrorKeys().Concat(problem["errors"] is null ? ["body"] : []));
        Assert.Equal(before, await api.CustomersFingerprintAsync());
    }

    [Fact]
    public async Task Patching_an_email_held_by_another_customer_is_a_409_naming_it()
    {
        var first = await NewCustomerAsync();
        var second = await NewCustomerAsync();
        var before = await api.CustomersFingerprintAsync();

        using var response = await _api.Http.PatchAsync($"/api/v1/customers/{second["id"]}", new { email = first["email"]!.GetValue<string>() });

        var problem = await response.AssertProblemAsync(409);
        Assert.Equal("duplicate-customer", problem["code"]!.GetValue<string>());
        Assert.Equal(first["id"]!.GetValue<Guid>(), problem["existingCustomerId"]!.GetValue<Guid>());
        Assert.Equal(before, await api.CustomersFingerprintAsync());
    }

    [Fact]
    public async Task Patching_a_customer_with_its_own_email_is_not_a_duplicate()
    {
        var customer = await NewCustomerAsync();
        using var response = await _api.Http.PatchAsync($"/api/v1/customers/{customer["id"]}", new { email = customer["email"]!.GetValue<string>().ToUpperInvariant() });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Archived_customers_vanish_from_reads_and_lists_and_free_their_email()
    {
        var customer = await NewCustomerAsync();
        var uri = $"/api/v1/customers/{customer["id"]}";

        using var archived = await _api.Http.DeleteAsync(uri);
        Assert.Equal(HttpStatusCode.NoContent, archived.StatusCode);

        using var read = await _api.Http.GetAsync(uri);
        await read.AssertProblemAsync(404);
        using var patch = await _api.Http.PatchAsync(uri, new { name = "Ghost" });
        await patch.AssertProblemAsync(404);
        using var again = await _api.Http.DeleteAsync(uri);
        await again.AssertProblemAsync(404);

        var list = await _api.Http.GetFromJsonAsync<JsonObject>($"/api/v1/customers?q={Uri.EscapeDataString(customer["email"]!.GetValue<string>())}");
        Assert.Empty(list!["items"]!.AsArray());

        // The tombstone stays in the database; the e-mail can be used again.
        Assert.Equal(1, await api.ScalarAsync<int>($"SELECT count(*) FROM customers WHERE id = '{customer["id"]}' AND archived_at IS NOT NULL"));
        var reborn = await _api.CreateCustomerAsync(new { type = "individual", name = "Grace II", email = customer["email"]!.GetValue<string>() });
        Assert.NotEqual(customer["id"]!.GetValue<Guid>(), reborn["id"]!.GetValue<Guid>());
    }

    [Fact]
    public async Task Archive_with_a_stale_if_match_is_412_and_keeps_the_customer()
    {
        var customer = await NewCustomerAsync();
        var uri = $"/api/v1/customers/{customer["id"]}";
        using var request = new HttpRequestMessage(HttpMethod.Delete, uri);
        request.Headers.IfMatch.Add(new EntityTagHeaderValue("\"1\""));
        using var response = await _api.Http.SendAsync(request);
        await response.AssertProblemAsync(412);
        using var read = await _api.Http.GetAsync(uri);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
    }

    [Fact]
    public async Task Unknown_query_parameters_on_a_read_are_a_400_naming_them()
    {
        var customer = await NewCustomerAsync();
        using var response = await _api.Http.GetAsync($"/api/v1/customers/{customer["id"]}?expand=orders");
        var problem = await response.AssertProblemAsync(400);
        Assert.Equal(["expand"], problem.ErrorKeys());
    }
}
