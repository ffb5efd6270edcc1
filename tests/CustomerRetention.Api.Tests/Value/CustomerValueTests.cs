using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CustomerRetention.Api.Tests.Segmentation;
using CustomerRetention.Api.Tests.Support;

namespace CustomerRetention.Api.Tests.Value;

public sealed class CustomerValueTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = api.CreateClient();

    private Task<JsonObject?> ValueAsync(Guid id) => _client.GetFromJsonAsync<JsonObject>($"/api/v1/customers/{id}/value");

    [Fact]
    public async Task Historic_value_counts_completed_orders_only()
    {
        var id = await _client.NewCustomerAsync("Spender");
        var t0 = new DateTimeOffset(2025, 1, 10, 12, 0, 0, TimeSpan.Zero);
        await _client.AddOrderAsync(id, t0, 100.00m);
        await _client.AddOrderAsync(id, t0.AddDays(10), 50.50m);
        await _client.AddOrderAsync(id, t0.AddDays(30), 20.25m);
        await _client.AddOrderAsync(id, t0.AddDays(40), 999.99m, "cancelled");
        var refunded = await _client.AddOrderAsync(id, t0.AddDays(50), 300m);
        await _client.ChangeOrderStatusAsync(refunded, "refunded");

        var historic = (await ValueAsync(id))!["historic"]!;

        Assert.Equal(3, historic["orders"]!.GetValue<int>());
        Assert.Equal(170.75m, historic["revenue"]!.GetValue<decimal>());
        Assert.Equal(t0, DateTimeOffset.Parse(historic["firstOrderAt"]!.GetValue<string>(), CultureInfo.InvariantCulture));
        Assert.Equal(t0.AddDays(30), DateTimeOffset.Parse(historic["lastOrderAt"]!.GetValue<string>(), CultureInfo.InvariantCulture));
        Assert.Equal(56.92m, historic["averageOrderValue"]!.GetValue<decimal>()); // 170.75 / 3 = 56.9166…
        Assert.Equal(15.0, historic["averageDaysBetweenOrders"]!.GetValue<double>(), 9); // 30 days over 2 gaps
    }

    [Fact]
    public async Task A_customer_without_orders_has_zero_history_and_null_averages()
    {
        var id = await _client.NewCustomerAsync("Prospect");

        var value = (await ValueAsync(id))!;

        Assert.Equal(0, value["historic"]!["orders"]!.GetValue<int>());
        Assert.Equal(0m, value["historic"]!["revenue"]!.GetValue<decimal>());
        Assert.Null(value["historic"]!["firstOrderAt"]);
        Assert.Null(value["historic"]!["averageOrderValue"]);
        Assert.Null(value["historic"]!["averageDaysBetweenOrders"]);
        Assert.True(value.ContainsKey("predicted"));
        Assert.Null(value["predicted"]);
    }

    [Fact]
    public async Task One_order_has_no_interval_between_orders()
    {
        var id = await _client.NewCustomerAsync("Once");
        await _client.AddOrderAsync(id, DateTimeOffset.UtcNow.AddDays(-2), 10m);
        var historic = (await ValueAsync(id))!["historic"]!;
        Assert.Equal(1, historic["orders"]!.GetValue<int>());
        Assert.Equal(10m, historic["averageOrderValue"]!.GetValue<decimal>());
        Assert.Null(historic["averageDaysBetweenOrders"]);
    }

    [Fact]
    public async Task The_value_of_an_unknown_or_archived_customer_is_404()
    {
        var archived = await _client.NewCustomerAsync("Gone");
        await _client.ArchiveAsync(archived);
        foreach (var id in new[] { Guid.CreateVersion7(), archived })
        {
            using var response = await _client.GetAsync($"/api/v1/customers/{id}/value");
            await response.AssertProblemAsync(404);
        }
    }
}
