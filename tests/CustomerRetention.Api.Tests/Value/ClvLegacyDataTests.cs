using CustomerRetention.Api.Tests.Segmentation;

namespace CustomerRetention.Api.Tests.Value;

/// <summary>
/// A database written before the timestamp bounds (ADR 10) may hold an order at -infinity; it
/// used to fail every CLV model ("cannot subtract infinite dates"). Such rows are no purchase
/// history: the fit succeeds without them.
/// </summary>
public sealed class ClvLegacyDataTests(RfmCdnowFixture cdnow) : IClassFixture<RfmCdnowFixture>
{
    [Fact]
    public async Task An_order_stored_at_minus_infinity_before_the_bounds_does_not_break_the_fit()
    {
        var client = cdnow.Client;
        var legacy = await client.NewCustomerAsync("Stored before the bounds");
        await client.AddOrderAsync(legacy, new DateTimeOffset(1997, 3, 1, 12, 0, 0, TimeSpan.Zero), 10m);
        await cdnow.ExecuteAsync(
            "ALTER TABLE orders DROP CONSTRAINT ck_orders_ordered_at_range; "
            + $"UPDATE orders SET ordered_at = '-infinity' WHERE customer_id = '{legacy}'; "
            + "ALTER TABLE orders ADD CONSTRAINT ck_orders_ordered_at_range CHECK (ordered_at >= '1970-01-01 00:00:00+00' AND ordered_at < '2200-01-01 00:00:00+00') NOT VALID");

        var model = await client.FitAsync(new { calibrationEnd = "1997-09-30" });

        Assert.True(model["status"]!.GetValue<string>() == "succeeded", model.ToJsonString());
        Assert.Equal(cdnow.CustomerIds.Count, model["customers"]!.GetValue<int>());
    }
}
