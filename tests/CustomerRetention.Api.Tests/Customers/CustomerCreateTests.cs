using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CustomerRetention.Api.Tests.Support;

namespace CustomerRetention.Api.Tests.Customers;

public sealed class CustomerCreateTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly ApiClient _api = api.CreateApiClient();

    [Fact]
    public async Task Create_returns_201_with_location_etag_and_the_normalised_customer()
    {
        var externalId = "ERP-" + Guid.NewGuid().ToString("N")[..8];
        using var response = await _api.Http.PostAsJsonAsync("/api/v1/customers", new
        {
            type = "individual",
            name = "  Ada Lovelace ",
            externalId,
            email = "Ada.Lovelace@Example.COM",
            phone = "+44 (20) 7946-0018",
            address = new { line1 = "12 St James's Square", city = "London", postalCode = "SW1Y 4JH", country = "gb" },
            birthday = "1985-12-10",
            tags = new[] { "VIP", "analytical-engine" },
            attributes = new Dictionary<string, object> { ["industry"] = "mathematics", ["score"] = 42.5, ["newsletter"] = true },
            consent = new { email = true },
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.ReadObjectAsync();
        var id = body["id"]!.GetValue<Guid>();
        Assert.Equal(7, id.Version);
        Assert.Equal($"/api/v1/customers/{id}", response.Headers.Location?.OriginalString);
        Assert.NotNull(response.Headers.ETag);
        Assert.False(response.Headers.ETag!.IsWeak);
        Assert.Equal(response.Headers.ETag.Tag, body["etag"]!.GetValue<string>());

        Assert.Equal("individual", body["type"]!.GetValue<string>());
        Assert.Equal("Ada Lovelace", body["name"]!.GetValue<string>());
        Assert.Equal(externalId, body["externalId"]!.GetValue<string>());
        Assert.Equal("Ada.Lovelace@example.com", body["email"]!.GetValue<string>());
        Assert.Equal("+442079460018", body["phone"]!.GetValue<string>());
        Assert.Equal("GB", body["address"]!["country"]!.GetValue<string>());
        Assert.Null(body["address"]!["line2"]);
        Assert.Equal("1985-12-10", body["birthday"]!.GetValue<string>());
        Assert.Equal(["VIP", "analytical-engine"], body["tags"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal(42.5m, body["attributes"]!["score"]!.GetValue<decimal>());
        Assert.True(body["attributes"]!["newsletter"]!.GetValue<bool>());
        Assert.True(body["consent"]!["email"]!.GetValue<bool>());
        Assert.False(body["consent"]!["sms"]!.GetValue<bool>());
        Assert.Equal("awareness", body["lifecycleStage"]!.GetValue<string>());
        Assert.EndsWith("Z", body["createdAt"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(body["createdAt"]!.GetValue<string>(), body["stageEnteredAt"]!.GetValue<string>());

        // What the create returned is what a read returns, ETag included.
        using var read = await _api.Http.GetAsync(response.Headers.Location);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(body.ToJsonString(), (await read.ReadObjectAsync()).ToJsonString());
        Assert.Equal(response.Headers.ETag, read.Headers.ETag);
        Assert.Equal(1, await api.ScalarAsync<int>($"SELECT count(*) FROM customers WHERE id = '{id}' AND email_key = 'ada.lovelace@example.com'"));
    }

    [Fact]
    public async Task Create_with_a_back_dated_stage_keeps_that_stage_and_date()
    {
        var customer = await _api.CreateCustomerAsync(new
        {
            type = "business",
            name = "Globex",
            lifecycleStage = "retention",
            stageEnteredAt = "2024-03-01T08:00:00+02:00",
        });

        Assert.Equal("retention", customer["lifecycleStage"]!.GetValue<string>());
        Assert.Equal("2024-03-01T06:00:00Z", customer["stageEnteredAt"]!.GetValue<string>());
    }

    public static TheoryData<string, string> InvalidBodies => new()
    {
        { """{"type":"individual","name":"A",}""", "body" },
        { "{\"type\":\"individual\",\"name\":\"A", "body" },
        { """["type","individual"]""", "body" },
        { """{"type":"individual"}""", "name" },
        { """{"name":"No Type"}""", "type" },
        { """{"type":"robot","name":"A"}""", "type" },
        { """{"type":1,"name":"A"}""", "type" },
        { """{"type":"individual","name":42}""", "name" },
        { """{"type":"individual","name":"   "}""", "name" },
        { "{\"type\":\"individual\",\"name\":\"" + new string('x', 201) + "\"}", "name" },
        { """{"type":"individual","name":"A","nickname":"B"}""", "nickname" },
        { """{"type":"individual","name":"A","id":"0190e2a0-0000-7000-8000-000000000000"}""", "id" },
        { """{"type":"individual","name":"A","createdAt":"2026-01-01T00:00:00Z"}""", "createdAt" },
        { """{"type":"individual","name":"A","email":"not-an-email"}""", "email" },
        { """{"type":"individual","name":"A","email":"a@b"}""", "email" },
        { """{"type":"individual","name":"A","phone":"020 7946 0018"}""", "phone" },
        { """{"type":"individual","name":"A","phone":"+1 555 CALL NOW"}""", "phone" },
        { """{"type":"individual","name":"A","address":{"country":"XX"}}""", "address.country" },
        { """{"type":"individual","name":"A","address":{"country":"DEU"}}""", "address.country" },
        { """{"type":"individual","name":"A","address":{"planet":"Mars"}}""", "address.planet" },
        { """{"type":"individual","name":"A","address":"Berlin"}""", "address" },
        { """{"type":"individual","name":"A","birthday":"1990-02-30"}""", "birthday" },
        { """{"type":"individual","name":"A","birthday":"2999-01-01"}""", "birthday" },
        { """{"type":"individual","name":"A","tags":["vip","VIP"]}""", "tags" },
        { """{"type":"individual","name":"A","tags":[""]}""", "tags[0]" },
        { """{"type":"individual","name":"A","tags":"vip"}""", "tags" },
        { """{"type":"individual","name":"A","attributes":{"nested":{"a":1}}}""", "attributes.nested" },
        { """{"type":"individual","name":"A","attributes":{"list":[1,2]}}""", "attributes.list" },
        { """{"type":"individual","name":"A","attributes":{"gone":null}}""", "attributes.gone" },
        { """{"type":"individual","name":"A","ownerId":"not-a-uuid"}""", "ownerId" },
        { """{"type":"individual","name":"A","consent":{"email":"yes"}}""", "consent.email" },
        { """{"type":"individual","name":"A","lifecycleStage":"lost"}""", "lifecycleStage" },
        { """{"type":"individual","name":"A","stageEnteredAt":"2999-01-01T00:00:00Z"}""", "stageEnteredAt" },
        { """{"type":"individual","name":"A","stageEnteredAt":"yesterday"}""", "stageEnteredAt" },
    };

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task Malformed_create_is_a_400_problem_naming_the_member_and_changes_nothing(string json, string member)
    {
        var before = await api.CustomersFingerprintAsync();

        using var response = await _api.PostCustomerAsync(json);

        var problem = await response.AssertProblemAsync(400);
        Assert.Contains(member, problem.ErrorKeys().Concat(problem["errors"] is null ? ["body"] : []));
        Assert.Equal(before, await api.CustomersFingerprintAsync());
    }

    [Fact]
    public async Task Several_mistakes_are_all_reported_at_once()
    {
        using var response = await _api.PostCustomerAsync(
            """{"type":"individual","name":"A","foo":1,"bar":2,"updatedAt":"2026-01-01T00:00:00Z","consent":{"fax":true}}""");

        var problem = await response.AssertProblemAsync(400);
        Assert.Equal(["bar", "consent.fax", "foo", "updatedAt"], problem.ErrorKeys().Order(StringComparer.Ordinal));
        Assert.Contains("read-only", problem["errors"]!["updatedAt"]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_over_one_megabyte_is_a_413_problem()
    {
        var before = await api.CustomersFingerprintAsync();
        var huge = "{\"type\":\"individual\",\"name\":\"A\",\"company\":\"" + new string('x', 1024 * 1024) + "\"}";
        using var response = await _api.PostCustomerAsync(huge);
        await response.AssertProblemAsync(413);
        Assert.Equal(before, await api.CustomersFingerprintAsync());
    }

    [Fact]
    public async Task An_empty_body_is_a_400_problem()
    {
        using var response = await _api.PostCustomerAsync(string.Empty);
        await response.AssertProblemAsync(400);
    }

    [Fact]
    public async Task Duplicate_email_of_a_live_customer_is_a_409_naming_it_regardless_of_case()
    {
        var email = $"dup.{Guid.NewGuid():N}@example.com";
        var first = await _api.CreateCustomerAsync(new { type = "individual", name = "First", email });
        var before = await api.CustomersFingerprintAsync();

        using var response = await _api.Http.PostAsJsonAsync("/api/v1/customers", new { type = "individual", name = "Second", email = email.ToUpperInvariant() });

        var problem = await response.AssertProblemAsync(409);
        Assert.Equal("duplicate-customer", problem["code"]!.GetValue<string>());
        Assert.Equal(first["id"]!.GetValue<Guid>(), problem["existingCustomerId"]!.GetValue<Guid>());
        Assert.Contains(first["id"]!.GetValue<string>(), problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(before, await api.CustomersFingerprintAsync());
    }

    [Fact]
    public async Task Duplicate_external_id_is_a_409_naming_the_existing_customer()
    {
        var externalId = "ERP-" + Guid.NewGuid().ToString("N");
        var first = await _api.CreateCustomerAsync(new { type = "business", name = "Initech", externalId });

        using var response = await _api.Http.PostAsJsonAsync("/api/v1/customers", new { type = "business", name = "Initech 2", externalId });

        var problem = await response.AssertProblemAsync(409);
        Assert.Equal("duplicate-customer", problem["code"]!.GetValue<string>());
        Assert.Equal("externalId", problem["field"]!.GetValue<string>());
        Assert.Equal(first["id"]!.GetValue<Guid>(), problem["existingCustomerId"]!.GetValue<Guid>());
    }

    [Fact]
    public async Task Concurrent_creates_with_one_email_make_exactly_one_customer()
    {
        var email = $"race.{Guid.NewGuid():N}@example.com";
        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(i =>
            _api.Http.PostAsJsonAsync("/api/v1/customers", new { type = "individual", name = $"Racer {i}", email })));

        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.Equal(11, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        Assert.Equal(1, await api.ScalarAsync<int>($"SELECT count(*) FROM customers WHERE email = '{email}'"));
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task Create_never_answers_with_a_server_error_for_odd_but_valid_json()
    {
        var odd = new JsonObject
        {
            ["type"] = "individual",
            ["name"] = "Zoë 🚀 O'Brien-Łukasiewicz",
            ["company"] = null,
            ["tags"] = new JsonArray("ünïcode", "x"),
            ["attributes"] = new JsonObject { ["k"] = 1e28 },
        };
        using var response = await _api.Http.PostAsync("/api/v1/customers", Requests.Json(odd.ToJsonString()));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }
}
