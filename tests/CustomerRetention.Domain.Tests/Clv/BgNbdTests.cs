using CustomerRetention.Domain.Value;

namespace CustomerRetention.Domain.Tests.Clv;

public sealed class BgNbdTests
{
    private static readonly BgNbdParameters Published = CdnowSample.PublishedBgNbd;

    [Fact]
    public void Cdnow_sample_has_2357_customers_in_far_fewer_distinct_histories()
    {
        Assert.Equal(2357, CdnowSample.Customers.Count);
        Assert.Equal(2357, CdnowSample.BgNbdData.Sum(row => row.Count));
        Assert.True(CdnowSample.BgNbdData.Count < 2357 / 2, $"{CdnowSample.BgNbdData.Count} distinct histories");
    }

    [Fact]
    public void Fit_reproduces_the_published_cdnow_estimates()
    {
        var fit = CdnowSample.BgNbdFit;

        Assert.True(fit.Converged, fit.FailureReason);
        Assert.Null(fit.FailureReason);
        var p = fit.Parameters!;
        AssertWithinOnePercent(0.243, p.R);
        AssertWithinOnePercent(4.414, p.Alpha);
        AssertWithinOnePercent(0.793, p.A);
        AssertWithinOnePercent(2.426, p.B);
        Assert.Equal(-9582.4, fit.LogLikelihood, 0.5);
        Assert.InRange(fit.Iterations, 1, 1000);
    }

    [Fact]
    public void Fit_is_a_maximum_of_the_log_likelihood()
    {
        var fit = CdnowSample.BgNbdFit;
        var data = CdnowSample.BgNbdData;

        var gradient = BgNbd.LogLikelihoodGradient(fit.Parameters!, data);

        Assert.All(gradient, g => Assert.True(Math.Abs(g) < 1e-3, $"gradient {g}"));
        Assert.True(fit.LogLikelihood >= BgNbd.LogLikelihood(Published, data));
    }

    [Fact]
    public void Log_likelihood_of_grouped_rows_equals_the_sum_over_customers()
    {
        var perCustomer = BgNbd.LogLikelihood(Published, CdnowSample.Customers.Select(c => c.Summary));

        var grouped = BgNbd.LogLikelihood(Published, CdnowSample.BgNbdData);

        Assert.Equal(perCustomer, grouped, 1e-6);
        Assert.Equal(-9582.4, grouped, 0.5);
    }

    [Fact]
    public void Log_likelihood_matches_the_direct_formula_for_one_customer()
    {
        var (r, alpha, a, b) = Published;
        const double x = 2, tx = 30.43, t = 38.86;
        var beta = Math.Exp(MathNet.Numerics.SpecialFunctions.BetaLn(a, b + x) - MathNet.Numerics.SpecialFunctions.BetaLn(a, b));
        var gammaRatio = Math.Exp(MathNet.Numerics.SpecialFunctions.GammaLn(r + x) - MathNet.Numerics.SpecialFunctions.GammaLn(r));
        var direct = beta * gammaRatio * Math.Pow(alpha, r)
            * (Math.Pow(alpha + t, -(r + x)) + (a / (b + x - 1) * Math.Pow(alpha + tx, -(r + x))));

        var logLikelihood = BgNbd.LogLikelihood(Published, new CustomerSummary(x, tx, t));

        Assert.Equal(Math.Log(direct), logLikelihood, 1e-10);
    }

    [Theory]
    [InlineData(0.243, 4.414, 0.793, 2.426)]
    [InlineData(1.0, 10.0, 1.5, 0.7)]
    [InlineData(3.0, 0.5, 0.2, 8.0)]
    public void Analytic_gradient_matches_a_central_difference(double r, double alpha, double a, double b)
    {
        var data = CdnowSample.BgNbdData;
        var logPoint = new[] { Math.Log(r), Math.Log(alpha), Math.Log(a), Math.Log(b) };
        double LogLikelihoodAt(double[] point) =>
            BgNbd.LogLikelihood(new BgNbdParameters(Math.Exp(point[0]), Math.Exp(point[1]), Math.Exp(point[2]), Math.Exp(point[3])), data);

        var analytic = BgNbd.LogLikelihoodGradient(new BgNbdParameters(r, alpha, a, b), data);

        const double h = 1e-5;
        for (var i = 0; i < 4; i++)
        {
            var up = (double[])logPoint.Clone();
            var down = (double[])logPoint.Clone();
            up[i] += h;
            down[i] -= h;
            var numeric = (LogLikelihoodAt(up) - LogLikelihoodAt(down)) / (2 * h);
            Assert.Equal(numeric, analytic[i], Math.Max(1e-4, Math.Abs(numeric) * 1e-6));
        }
    }

    [Theory]
    [InlineData(1, 0.0532)]
    [InlineData(3, 0.1506)]
    [InlineData(32, 1.0437)]
    [InlineData(78, 1.8576)]
    public void Expected_purchases_with_our_fitted_estimates_are_within_half_a_thousandth_of_the_spreadsheet(double weeks, double published)
    {
        // Our fit has a = 0.79289 where the spreadsheet has 0.7931, which moves E[X(78)] by ≈ 0.0004.
        var fitted = CdnowSample.BgNbdFit.Parameters!;

        Assert.Equal(published, BgNbd.ExpectedPurchases(fitted, weeks), 0.0005);
    }

    [Theory]
    [InlineData(1, 0.0532)]
    [InlineData(3, 0.1506)]
    [InlineData(32, 1.0437)]
    [InlineData(78, 1.8576)]
    public void Expected_purchases_with_the_rounded_published_estimates_are_close_to_the_spreadsheet(double weeks, double published)
    {
        Assert.Equal(published, BgNbd.ExpectedPurchases(Published, weeks), 0.005);
    }

    [Fact]
    public void Expected_purchases_are_zero_at_time_zero_and_increase_with_time()
    {
        Assert.Equal(0, BgNbd.ExpectedPurchases(Published, 0), 1e-15);
        var previous = 0.0;
        foreach (var t in new[] { 0.5, 1, 10, 100, 1000, 10_000 })
        {
            var expected = BgNbd.ExpectedPurchases(Published, t);
            Assert.True(double.IsFinite(expected) && expected > previous, $"E[X({t})] = {expected}");
            previous = expected;
        }
    }

    [Fact]
    public void Conditional_expected_purchases_match_the_published_example()
    {
        var customer = new CustomerSummary(2, 30.43, 38.86);

        Assert.Equal(1.226, BgNbd.ConditionalExpectedPurchases(Published, customer, 39), 0.002);
        Assert.Equal(1.226, BgNbd.ConditionalExpectedPurchases(CdnowSample.BgNbdFit.Parameters!, customer, 39), 0.002);
    }

    [Fact]
    public void Conditional_expected_purchases_of_a_customer_with_no_history_equal_expected_purchases_of_a_new_customer()
    {
        // A customer observed for T → 0 with x = 0 is a new customer.
        var conditional = BgNbd.ConditionalExpectedPurchases(Published, new CustomerSummary(0, 0, 1e-12), 32);

        Assert.Equal(BgNbd.ExpectedPurchases(Published, 32), conditional, 1e-9);
    }

    [Fact]
    public void Probability_alive_is_one_for_a_customer_without_repeat_purchases()
    {
        Assert.Equal(1.0, BgNbd.ProbabilityAlive(Published, new CustomerSummary(0, 0, 38.86)));
        Assert.Equal(1.0, BgNbd.ProbabilityAlive(Published, new CustomerSummary(0, 0, 1000)));
    }

    [Fact]
    public void Probability_alive_is_in_the_unit_interval_and_decreases_with_age()
    {
        var previous = 1.0;
        foreach (var t in new[] { 30.43, 31, 35, 38.86, 50, 100, 1000 })
        {
            var alive = BgNbd.ProbabilityAlive(Published, new CustomerSummary(2, 30.43, t));
            Assert.InRange(alive, double.Epsilon, 1.0);
            Assert.True(alive <= previous, $"P(alive) at T = {t} is {alive}, was {previous}");
            previous = alive;
        }

        Assert.True(BgNbd.ProbabilityAlive(Published, new CustomerSummary(2, 30.43, 100)) < BgNbd.ProbabilityAlive(Published, new CustomerSummary(2, 30.43, 38.86)));
    }

    [Fact]
    public void Probability_alive_of_a_customer_whose_last_purchase_is_now_matches_the_formula()
    {
        var (_, _, a, b) = Published;

        var alive = BgNbd.ProbabilityAlive(Published, new CustomerSummary(3, 20, 20));

        Assert.Equal(1 / (1 + (a / (b + 2))), alive, 1e-14);
    }

    [Fact]
    public void Predictions_are_finite_and_non_negative_for_every_cdnow_customer_and_for_extreme_histories()
    {
        var extremes = new[]
        {
            new CustomerSummary(500, 1, 1000),
            new CustomerSummary(500, 999, 1000),
            new CustomerSummary(1, 0, 1e6),
            new CustomerSummary(0, 0, 1e-9),
        };
        foreach (var summary in CdnowSample.Customers.Select(c => c.Summary).Concat(extremes))
        {
            var alive = BgNbd.ProbabilityAlive(Published, summary);
            Assert.InRange(alive, 0.0, 1.0);
            foreach (var horizon in new[] { 0.0, 1, 39, 520 })
            {
                var expected = BgNbd.ConditionalExpectedPurchases(Published, summary, horizon);
                Assert.True(double.IsFinite(expected) && expected >= 0, $"E[Y({horizon})] = {expected} for {summary}");
            }
        }
    }

    [Fact]
    public void Fit_of_a_single_customer_fails_with_a_reason()
    {
        var fit = BgNbd.Fit([(new CustomerSummary(2, 30.43, 38.86), 1)]);

        Assert.False(fit.Converged);
        Assert.False(string.IsNullOrWhiteSpace(fit.FailureReason));
    }

    [Fact]
    public void Fit_without_repeat_purchases_fails_with_a_reason()
    {
        var fit = BgNbd.Fit([(new CustomerSummary(0, 0, 38.86), 10), (new CustomerSummary(0, 0, 20), 5)]);

        Assert.False(fit.Converged);
        Assert.Contains("repeat", fit.FailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_of_invalid_histories_fails_with_a_reason()
    {
        var fit = BgNbd.Fit([(new CustomerSummary(2, 40, 38.86), 1), (new CustomerSummary(0, 0, 38.86), 1)]);

        Assert.False(fit.Converged);
        Assert.Contains("Invalid", fit.FailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_of_empty_data_fails_with_a_reason()
    {
        var fit = BgNbd.Fit([]);

        Assert.False(fit.Converged);
        Assert.NotNull(fit.FailureReason);
    }

    [Fact]
    public void Fit_of_two_customers_that_do_not_identify_the_model_fails_with_a_reason()
    {
        // The likelihood keeps rising along a ridge towards a → ∞, b → 0: BFGS stops where it is flat.
        var fit = BgNbd.Fit([(new CustomerSummary(1, 10, 38.86), 1), (new CustomerSummary(0, 0, 38.86), 1)]);

        Assert.False(fit.Converged);
        Assert.False(string.IsNullOrWhiteSpace(fit.FailureReason));
    }

    [Fact]
    public void Fit_of_two_repeat_customers_fails_with_a_reason_instead_of_throwing()
    {
        var fit = BgNbd.Fit([(new CustomerSummary(2, 30.43, 38.86), 1), (new CustomerSummary(3, 30.43, 38.86), 1)]);

        Assert.False(fit.Converged);
        Assert.False(string.IsNullOrWhiteSpace(fit.FailureReason));
    }

    private static void AssertWithinOnePercent(double expected, double actual) =>
        Assert.True(Math.Abs(actual - expected) <= 0.01 * Math.Abs(expected), $"expected {expected} ± 1 %, got {actual}");
}
