using CustomerRetention.Domain.Value;
using MathNet.Numerics.Distributions;

namespace CustomerRetention.Domain.Tests.Clv;

public sealed class SimulatedDataTests
{
    [Fact]
    public void Bg_nbd_fit_recovers_the_parameters_of_simulated_customers()
    {
        var truth = new BgNbdParameters(0.8, 12.0, 1.6, 4.0);
        var customers = SimulateBgNbd(truth, customers: 3000, days: 180, seed: 7);

        var fit = BgNbd.Fit(BgNbd.GroupIdentical(customers));

        Assert.True(fit.Converged, fit.FailureReason);
        var p = fit.Parameters!;
        Assert.True(fit.LogLikelihood >= BgNbd.LogLikelihood(truth, customers));
        AssertWithinFactor(truth.R, p.R);
        AssertWithinFactor(truth.Alpha, p.Alpha);
        AssertWithinFactor(truth.A, p.A);
        AssertWithinFactor(truth.B, p.B);
    }

    [Fact]
    public void Gamma_gamma_fit_recovers_the_parameters_of_simulated_customers()
    {
        var truth = new GammaGammaParameters(5.0, 4.0, 30.0);
        var random = new Random(11);
        var customers = Enumerable.Range(0, 2000).Select(_ =>
        {
            var x = random.Next(1, 8);
            var nu = Gamma.Sample(random, truth.Q, truth.V);
            var mean = Enumerable.Range(0, x).Average(_ => Gamma.Sample(random, truth.P, nu));
            return new SpendSummary(x, mean);
        }).ToList();

        var fit = GammaGamma.Fit(GammaGamma.GroupIdentical(customers));

        Assert.True(fit.Converged, fit.FailureReason);
        var p = fit.Parameters!;
        AssertWithinFactor(truth.P, p.P);
        AssertWithinFactor(truth.Q, p.Q);
        AssertWithinFactor(truth.V, p.V);
    }

    /// <summary>
    /// BG/NBD as a story: purchase rate λ ~ Gamma(r, α), dropout probability p ~ Beta(a, b); the first
    /// purchase is at 0, gaps are Exponential(λ), and after each repeat purchase the customer drops out with probability p.
    /// </summary>
    private static List<CustomerSummary> SimulateBgNbd(BgNbdParameters parameters, int customers, double days, int seed)
    {
        var random = new Random(seed);
        var result = new List<CustomerSummary>(customers);
        for (var i = 0; i < customers; i++)
        {
            var rate = Gamma.Sample(random, parameters.R, parameters.Alpha);
            var dropout = Beta.Sample(random, parameters.A, parameters.B);
            var age = days * random.NextDouble() + 1;
            var (x, tx, time) = (0, 0.0, 0.0);
            while (true)
            {
                time += Exponential.Sample(random, rate);
                if (time > age)
                {
                    break;
                }

                x++;
                tx = time;
                if (random.NextDouble() < dropout)
                {
                    break;
                }
            }

            result.Add(new CustomerSummary(x, Math.Round(tx, 2), Math.Round(age, 2)));
        }

        return result;
    }

    private static void AssertWithinFactor(double expected, double actual) =>
        Assert.True(Math.Abs(Math.Log(actual / expected)) < Math.Log(1.35), $"expected ≈ {expected}, got {actual}");
}
