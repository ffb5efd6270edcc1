using System.Net;
using System.Text.Json.Nodes;
using CustomerRetention.Api.Tests.Support;

namespace CustomerRetention.Api.Tests.BadInput;

/// <summary>
/// Every timestamp the API accepts is RFC 3339 with Z or an explicit offset, from
/// 1970-01-01T00:00:00Z to 2199-12-31T23:59:59Z; every date is YYYY-MM-DD from 1900-01-01.
/// Anything else is a 400 naming the field, in bodies and query strings, and changes nothing.
/// </summary>
public sealed class TimestampTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = api.CreateClient();

    private async Task<string> CustomerIdAsync() =>
        (await _client.CreateCustomerAsync(new { type = "individual", name = "Grace Hopper" }))["id"]!.GetValue<string>();

    private async Task<JsonObject> RefusedAsync(HttpRequestMessage request)
    {
        var before = await api.DatabaseFingerprintAsync();
        using var response = await _client.SendAsync(request);
        var problem = await response.AssertProblemAsync(400);
        Assert.Equal(before, await api.DatabaseFingerprintAsync());
        return problem;
    }

    private static HttpRequestMessage Post(string uri, string json) => new(HttpMethod.Post, uri) { Content = Requests.Json(json) };

    [Theory]
    [InlineData("0001-01-01T00:00:00Z")]
    [InlineData("1969-12-31T23:59:59Z")]
    [InlineData("1970-01-01T00:59:59+01:00")]
    [InlineData("2026-01-05T10:00:00")]
    [InlineData("2026-01-05")]
    [InlineData("2026-01-05 10:00:00Z")]
    [InlineData("05/01/2026 10:00:00")]
    [InlineData("2023-02-29T10:00:00Z")]
    [InlineData("9999-12-31T23:59:59.9999999Z")]
    public async Task An_order_time_outside_the_rule_is_a_400_naming_orderedAt(string orderedAt)
    {
        var id = await CustomerIdAsync();
        using var request = Post($"/api/v1/customers/{id}/orders", $$"""{ "orderedAt": "{{orderedAt}}", "amount": 10 }""");
        var problem = await RefusedAsync(request);
        Assert.Equal(["orderedAt"], problem.ErrorKeys());
        Assert.Contains("1970-01-01T00:00:00Z", problem["errors"]!["orderedAt"]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1970-01-01T00:00:00Z", "1970-01-01T00:00:00Z")]
    [InlineData("1970-01-01T01:00:00+01:00", "1970-01-01T00:00:00Z")]
    [InlineData("2024-02-29T23:30:00-01:00", "2024-03-01T00:30:00Z")]
    [InlineData("2026-03-29T02:30:00+02:00", "2026-03-29T00:30:00Z")]
    public async Task The_earliest_instant_leap_days_and_offsets_are_accepted_and_stored_in_UTC(string orderedAt, string stored)
    {
        var id = await CustomerIdAsync();
        using var response = await _client.PostAsync($"/api/v1/customers/{id}/orders", Requests.Json($$"""{ "orderedAt": "{{orderedAt}}", "amount": 10 }"""));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        Assert.Equal(stored, JsonNode.Parse(body)!["orderedAt"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_stage_entered_in_year_one_is_refused()
    {
        using var request = Post("/api/v1/customers", """{ "type": "individual", "name": "Ada", "stageEnteredAt": "0001-01-01T00:00:00Z" }""");
        var problem = await RefusedAsync(request);
        Assert.Equal(["stageEnteredAt"], problem.ErrorKeys());
    }

    [Theory]
    [InlineData("interactions", """{ "channel": "email", "direction": "inbound", "type": "note", "occurredAt": "0001-01-01T00:00:00Z" }""", "occurredAt")]
    [InlineData("lifecycle/transitions", """{ "toStage": "interest", "occurredAt": "2026-01-05T10:00:00" }""", "occurredAt")]
    public async Task Timestamps_of_other_bodies_follow_the_same_rule(string resource, string json, string member)
    {
        var id = await CustomerIdAsync();
        using var request = Post($"/api/v1/customers/{id}/{resource}", json);
        var problem = await RefusedAsync(request);
        Assert.Equal([member], problem.ErrorKeys());
    }

    [Fact]
    public async Task An_rfm_as_of_before_1970_is_refused()
    {
        using var request = Post("/api/v1/rfm/runs", """{ "asOf": "1960-01-01T00:00:00Z" }""");
        var problem = await RefusedAsync(request);
        Assert.Equal(["asOf"], problem.ErrorKeys());
    }

    [Theory]
    [InlineData("""{ "type": "individual", "name": "Ada", "birthday": "1899-12-31" }""")]
    [InlineData("""{ "type": "individual", "name": "Ada", "birthday": "0001-01-01" }""")]
    [InlineData("""{ "type": "individual", "name": "Ada", "birthday": "1985-12-10T00:00:00Z" }""")]
    [InlineData("""{ "type": "individual", "name": "Ada", "birthday": "1985-2-1" }""")]
    public async Task A_birthday_before_1900_or_not_a_plain_date_is_refused(string json)
    {
        using var request = Post("/api/v1/customers", json);
        var problem = await RefusedAsync(request);
        Assert.Equal(["birthday"], problem.ErrorKeys());
    }

    [Fact]
    public async Task A_birthday_on_the_first_day_of_1900_is_accepted()
    {
        var customer = await _client.CreateCustomerAsync(new { type = "individual", name = "Ada", birthday = "1900-01-01" });
        Assert.Equal("1900-01-01", customer["birthday"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_calibration_end_in_year_one_is_refused()
    {
        using var request = Post("/api/v1/clv/models", """{ "calibrationEnd": "0001-01-01" }""");
        var problem = await RefusedAsync(request);
        Assert.Equal(["calibrationEnd"], problem.ErrorKeys());
    }

    [Theory]
    [InlineData("/api/v1/customers?updatedSince=2025-01-01T00:00:00", "updatedSince")]
    [InlineData("/api/v1/customers?updatedSince=2025-01-01", "updatedSince")]
    [InlineData("/api/v1/customers?updatedSince=0001-01-01T00:00:00Z", "updatedSince")]
    [InlineData("/api/v1/analytics/summary?from=1969-12-31T00:00:00Z&to=2026-01-01T00:00:00Z", "from")]
    [InlineData("/api/v1/analytics/summary?from=2025-01-01T00:00:00Z&to=9999-12-31T23:59:59Z", "to")]
    public async Task Query_timestamps_follow_the_same_rule(string uri, string parameter)
    {
        var problem = await RefusedAsync(new HttpRequestMessage(HttpMethod.Get, uri));
        Assert.Equal([parameter], problem.ErrorKeys());
    }

    [Theory]
    [InlineData("orders")]
    [InlineData("interactions")]
    public async Task Per_customer_list_ranges_follow_the_same_rule(string resource)
    {
        var id = await CustomerIdAsync();
        var problem = await RefusedAsync(new HttpRequestMessage(HttpMethod.Get, $"/api/v1/customers/{id}/{resource}?from=2025-01-01&to=2026-01-01T00:00:00%2B01:00"));
        Assert.Equal(["from"], problem.ErrorKeys());
    }

    [Fact]
    public async Task A_query_timestamp_with_an_offset_is_accepted()
    {
        using var response = await _client.GetAsync("/api/v1/customers?updatedSince=2025-01-01T00:00:00%2B02:00");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("orders", "ordered_at", "'-infinity'")]
    [InlineData("orders", "ordered_at", "'0001-01-01T00:00:00Z'")]
    [InlineData("customers", "stage_entered_at", "'1969-12-31T23:59:59Z'")]
    [InlineData("customers", "birthday", "'1899-12-31'")]
    public async Task The_database_refuses_out_of_range_values_from_any_writer(string table, string column, string value)
    {
        var id = await CustomerIdAsync();
        using var order = await _client.PostAsync($"/api/v1/customers/{id}/orders", Requests.Json("""{ "orderedAt": "2026-01-05T10:00:00Z", "amount": 10 }"""));
        Assert.Equal(HttpStatusCode.Created, order.StatusCode);
        var key = table == "orders" ? "customer_id" : "id";

        var error = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => api.ExecuteAsync($"UPDATE {table} SET {column} = {value} WHERE {key} = '{id}'"));
        Assert.Equal("23514", error.SqlState);
    }
}
