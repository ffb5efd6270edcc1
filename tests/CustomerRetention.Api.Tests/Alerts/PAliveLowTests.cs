using System.Globalization;
using CustomerRetention.Api.Tests.Support;

namespace CustomerRetention.Api.Tests.Alerts;

/// <summary>
/// p-alive-low (SPEC §9.1) at its boundaries: P(alive) &lt; 0.30 strictly, the raise for valuable
/// segments, and a model too old to trust. The CLV model rows are written directly (a fitted
/// model's P(alive) values are not chosen by the test; the fit itself is tested in Value/).
/// </summary>
public sealed class PAliveLowTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private static readonly DateTimeOffset AsOf = AlertApi.At("2025-06-30T12:00:00Z");

    private async Task<Guid> ModelAsync(string calibrationEnd, params (Guid Customer, double PAlive)[] predictions)
    {
        var model = Guid.CreateVersion7();
        await api.ExecuteAsync(
            $"INSERT INTO clv_models (id, status, calibration_end, horizon_days, monthly_discount_rate, customers, created_at, finished_at) VALUES ('{model}', 'succeeded', '{calibrationEnd}', 365, 0.01, {predictions.Length}, now(), now())");
        foreach (var (customer, pAlive) in predictions)
        {
            await api.ExecuteAsync(
                $"""
                INSERT INTO clv_predictions (model_id, customer_id, frequency, recency_days, age_days, mean_spend, p_alive, expected_purchases, expected_average_order_value, clv, churn_risk)
                VALUES ('{model}', '{customer}', 3, 100, 300, 50, {pAlive.ToString("R", CultureInfo.InvariantCulture)}, 0.5, 50, 25, 'medium')
                """);
        }

        return model;
    }

    [Fact]
    public async Task Below_the_threshold_fires_exactly_at_it_does_not_and_customers_without_a_prediction_are_not_evaluable()
    {
        var client = api.CreateClient();
        var tag = AlertApi.NewTag();
        var low = await client.NewTaggedCustomerAsync(tag, "Low");
        var atThreshold = await client.NewTaggedCustomerAsync(tag, "At threshold");
        var barelyBelow = await client.NewTaggedCustomerAsync(tag, "Barely below");
        var unscored = await client.NewTaggedCustomerAsync(tag, "Unscored");
        var model = await ModelAsync("2025-06-28", (low, 0.12), (atThreshold, 0.3), (barelyBelow, 0.2999));
        var rule = await client.NewRuleAsync("p-alive-low", tag);

        var evaluation = await client.EvaluateAsync(rule, AsOf);

        Assert.Equal(2, evaluation.Figure("fired"));
        Assert.Equal(1, evaluation.NotEvaluable("no-prediction"));
        var alert = await client.OnlyAlertAsync(low);
        Assert.Equal(0.12m, alert["score"]!.GetValue<decimal>());
        Assert.Equal("medium", alert["severity"]!.GetValue<string>()); // no RFM run: no valuable segment
        Assert.Equal(model, alert["evidence"]!["clvModelId"]!.GetValue<Guid>());
        Assert.Equal("P(alive) is 0.12 in the CLV model calibrated to 2025-06-28, below 0.30.", alert["reason"]!.GetValue<string>());
        Assert.Empty(await client.AlertsOfAsync(atThreshold));
        Assert.Equal(0.2999m, (await client.OnlyAlertAsync(barelyBelow))["score"]!.GetValue<decimal>());
        Assert.Empty(await client.AlertsOfAsync(unscored));
    }

    [Theory]
    [InlineData("2025-06-23", true)] // calibrated 7 days before asOf's date: still fresh
    [InlineData("2025-06-22", false)] // 8 days: stale, nobody is evaluable
    public async Task A_model_older_than_maxModelAgeDays_makes_everyone_not_evaluable(string calibrationEnd, bool fresh)
    {
        // Each case has its own newest model: the rule reads the latest calibrated by asOf.
        var factory = new ApiFactory();
        await ((IAsyncLifetime)factory).InitializeAsync();
        try
        {
            var client = factory.CreateClient();
            var tag = AlertApi.NewTag();
            var customer = await client.NewTaggedCustomerAsync(tag);
            var model = Guid.CreateVersion7();
            await factory.ExecuteAsync($"INSERT INTO clv_models (id, status, calibration_end, horizon_days, monthly_discount_rate, customers, created_at, finished_at) VALUES ('{model}', 'succeeded', '{calibrationEnd}', 365, 0.01, 1, now(), now())");
            await factory.ExecuteAsync(
                $"""
                INSERT INTO clv_predictions (model_id, customer_id, frequency, recency_days, age_days, mean_spend, p_alive, expected_purchases, expected_average_order_value, clv, churn_risk)
                VALUES ('{model}', '{customer}', 3, 100, 300, 50, 0.1, 0.5, 50, 25, 'high')
                """);
            var rule = await client.NewRuleAsync("p-alive-low", tag);

            var evaluation = await client.EvaluateAsync(rule, AsOf);

            Assert.Equal(fresh ? 1 : 0, evaluation.Figure("fired"));
            Assert.Equal(fresh ? 0 : 1, evaluation.NotEvaluable("stale-model"));
        }
        finally
        {
            await ((IAsyncLifetime)factory).DisposeAsync();
        }
    }
}
