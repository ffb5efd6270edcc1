using CustomerRetention.Api.Tests.Segmentation;

namespace CustomerRetention.Api.Tests.Value;

/// <summary>
/// A customer whose first purchase falls on the calibration day itself (T = 0) carries no
/// information for the fit; the job must still succeed and give that customer predictions.
/// </summary>
public sealed class ClvCalibrationDayTests(RfmCdnowFixture cdnow) : IClassFixture<RfmCdnowFixture>
{
    [Fact]
    public async Task A_customer_first_buying_on_the_calibration_day_is_predicted_but_does_not_break_the_fit()
    {
        var client = cdnow.Client;
        var newcomer = await client.NewCustomerAsync("Bought on calibration day");
        await client.AddOrderAsync(newcomer, new DateTimeOffset(1997, 9, 30, 15, 0, 0, TimeSpan.Zero), 42m);

        var model = await client.FitAsync(new { calibrationEnd = "1997-09-30" });

        Assert.True(model["status"]!.GetValue<string>() == "succeeded", model.ToJsonString());
        Assert.Equal(cdnow.CustomerIds.Count + 1, model["customers"]!.GetValue<int>());
        var predictions = await client.AllCustomersAsync(model["id"]!.GetValue<Guid>(), "-clv");
        var prediction = Assert.Single(predictions, p => p.CustomerId == newcomer);
        Assert.Equal(0, prediction.AgeDays);
        Assert.Equal(0, prediction.Frequency);
        Assert.Equal(1.0, prediction.PAlive);
        Assert.True(double.IsFinite(prediction.ExpectedPurchases) && prediction.ExpectedPurchases > 0);
        Assert.True(prediction.Clv > 0);
    }
}
