using CustomerRetention.Domain.Value;

namespace CustomerRetention.Domain.Tests.Clv;

public sealed class GammaGammaTests
{
    [Fact]
    public void Cdnow_sample_has_946_repeat_customers()
    {
        Assert.Equal(946, CdnowSample.SpendData.Sum(row => row.Count));
    }

    [Fact]
    public void Fit_reproduces_the_published_cdnow_estimates()
    {
        var fit = CdnowSample.GammaGammaFit;

        Assert.True(fit.Converged, fit.FailureReason);
        var p = fit.Parameters!;
        AssertWithinOnePercent(6.25, p.P);
        AssertWithinOnePercent(3.74, p.Q);
        AssertWithinOnePercent(15.44, p.V);
        Assert.True(double.IsFinite(fit.LogLikelihood));
    }

    [Fact]
    public void Fit_is_a_maximum_of_the_log_likelihood()
    {
        var fit = CdnowSample.GammaGammaFit;

        var gradient = GammaGamma.LogLikelihoodGradient(fit.Parameters!, CdnowSample.SpendData);

        Assert.All(gradient, g => Assert.True(Math.Abs(g) < 1e-3, $"gradient {g}"));
        Assert.Equal(GammaGamma.LogLikelihood(fit.Parameters!, CdnowSample.SpendData), fit.LogLikelihood, 1e-9);
    }

    [Theory]
    [InlineData(1, 24.65)]
    [InlineData(2, 18.91)]
    [InlineData(6, 71.46)]
    [InlineData(9, 27.28)]
    public void Expected_average_spend_of_the_first_customers_matches_the_published_values(int id, double published)
    {
        var customer = CdnowSample.Customer(id);

        var spend = GammaGamma.ExpectedAverageSpend(CdnowSample.GammaGammaFit.Parameters!, customer.Summary.X, customer.MeanSpend);

        Assert.Equal(published, spend, 0.02);
    }

    [Fact]
    public void Expected_average_spend_without_repeat_purchases_is_the_population_mean()
    {
        var parameters = new GammaGammaParameters(6.25, 3.74, 15.44);

        var spend = GammaGamma.ExpectedAverageSpend(parameters, 0, 0);

        Assert.Equal(6.25 * 15.44 / 2.74, spend, 1e-12);
        Assert.Equal(spend, GammaGamma.PopulationMeanSpend(parameters));
    }

    [Fact]
    public void Expected_average_spend_moves_towards_the_customers_own_mean_with_more_purchases()
    {
        var parameters = new GammaGammaParameters(6.25, 3.74, 15.44);
        var population = GammaGamma.PopulationMeanSpend(parameters);

        var few = GammaGamma.ExpectedAverageSpend(parameters, 1, 100);
        var many = GammaGamma.ExpectedAverageSpend(parameters, 50, 100);

        Assert.InRange(few, population, 100);
        Assert.InRange(many, few, 100);
    }

    [Fact]
    public void Expected_average_spend_is_finite_and_non_negative_for_every_cdnow_customer()
    {
        var parameters = CdnowSample.GammaGammaFit.Parameters!;

        Assert.All(CdnowSample.Customers, c =>
        {
            var spend = GammaGamma.ExpectedAverageSpend(parameters, c.Summary.X, c.MeanSpend);
            Assert.True(double.IsFinite(spend) && spend >= 0, $"E[M] = {spend} for customer {c.Id}");
        });
    }

    [Theory]
    [InlineData(6.25, 3.74, 15.44)]
    [InlineData(1.0, 1.0, 30.0)]
    [InlineData(20.0, 10.0, 2.0)]
    public void Analytic_gradient_matches_a_central_difference(double p, double q, double v)
    {
        var data = CdnowSample.SpendData;
        var logPoint = new[] { Math.Log(p), Math.Log(q), Math.Log(v) };
        double LogLikelihoodAt(double[] point) =>
            GammaGamma.LogLikelihood(new GammaGammaParameters(Math.Exp(point[0]), Math.Exp(point[1]), Math.Exp(point[2])), data);

        var analytic = GammaGamma.LogLikelihoodGradient(new GammaGammaParameters(p, q, v), data);

        const double h = 1e-5;
        for (var i = 0; i < 3; i++)
        {
            var up = (double[])logPoint.Clone();
            var down = (double[])logPoint.Clone();
            up[i] += h;
            down[i] -= h;
            var numeric = (LogLikelihoodAt(up) - LogLikelihoodAt(down)) / (2 * h);
            Assert.Equal(numeric, analytic[i], Math.Max(1e-4, Math.Abs(numeric) * 1e-6));
        }
    }

    [Fact]
    public void Log_likelihood_matches_the_direct_formula_for_one_customer()
    {
        const double p = 6.25, q = 3.74, v = 15.44, x = 2, m = 22.35;
        var direct = Math.Exp(MathNet.Numerics.SpecialFunctions.GammaLn((p * x) + q) - MathNet.Numerics.SpecialFunctions.GammaLn(p * x) - MathNet.Numerics.SpecialFunctions.GammaLn(q))
            * Math.Pow(v, q) * Math.Pow(m, (p * x) - 1) * Math.Pow(x, p * x) / Math.Pow((x * m) + v, (p * x) + q);

        var logLikelihood = GammaGamma.LogLikelihood(new GammaGammaParameters(p, q, v), new SpendSummary(x, m));

        Assert.Equal(Math.Log(direct), logLikelihood, 1e-9);
    }

    [Fact]
    public void Fit_without_repeat_customers_fails_with_a_reason()
    {
        var fit = GammaGamma.Fit([(new SpendSummary(0, 0), 100)]);

        Assert.False(fit.Converged);
        Assert.Contains("repeat", fit.FailureReason, StringComparison.Ordinal);
        Assert.Null(fit.Parameters);
    }

    [Fact]
    public void Fit_of_a_single_customer_fails_with_a_reason()
    {
        var fit = GammaGamma.Fit([(new SpendSummary(2, 22.35), 1)]);

        Assert.False(fit.Converged);
        Assert.False(string.IsNullOrWhiteSpace(fit.FailureReason));
    }

    [Fact]
    public void Fit_of_non_positive_spend_fails_with_a_reason()
    {
        var fit = GammaGamma.Fit([(new SpendSummary(2, 22.35), 1), (new SpendSummary(1, 0), 1)]);

        Assert.False(fit.Converged);
        Assert.Contains("spend", fit.FailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_of_identical_spends_fails_with_a_reason()
    {
        // Every customer spends exactly the same: zero spend variance sends p and q to infinity.
        var fit = GammaGamma.Fit([(new SpendSummary(2, 20), 10), (new SpendSummary(3, 20), 10)]);

        Assert.False(fit.Converged);
        Assert.False(string.IsNullOrWhiteSpace(fit.FailureReason));
    }

    private static void AssertWithinOnePercent(double expected, double actual) =>
        Assert.True(Math.Abs(actual - expected) <= 0.01 * Math.Abs(expected), $"expected {expected} ± 1 %, got {actual}");
}
