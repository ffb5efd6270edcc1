using MathNet.Numerics;

namespace CustomerRetention.Domain.Value;

/// <summary>
/// The Gamma-Gamma spend model (Fader, Hardie &amp; Lee 2005, "RFM and CLV: Using Iso-Value Curves for
/// Customer Base Analysis", and Fader &amp; Hardie's note on the Gamma-Gamma model of monetary value):
/// a customer's mean spend m̄ over x transactions has likelihood
/// Γ(px + q) / (Γ(px) Γ(q)) · v^q · m̄^(px−1) · x^(px) / (v + x m̄)^(px+q). Only repeat customers (x &gt; 0) carry information.
/// </summary>
public static class GammaGamma
{
    /// <summary>The log-likelihood of one repeat customer (x &gt; 0, m̄ &gt; 0).</summary>
    public static double LogLikelihood(GammaGammaParameters parameters, SpendSummary summary)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(summary);
        return Evaluate(parameters, summary, null);
    }

    /// <summary>The total log-likelihood of the repeat customers, each distinct (x, m̄) weighted by its count; customers with x = 0 are skipped.</summary>
    public static double LogLikelihood(GammaGammaParameters parameters, IEnumerable<(SpendSummary Summary, int Count)> data)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(data);
        return data.Where(row => row.Summary.X > 0).Sum(row => row.Count * Evaluate(parameters, row.Summary, null));
    }

    /// <summary>The gradient of the total log-likelihood with respect to (ln p, ln q, ln v); customers with x = 0 are skipped.</summary>
    public static double[] LogLikelihoodGradient(GammaGammaParameters parameters, IEnumerable<(SpendSummary Summary, int Count)> data)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(data);
        var gradient = new double[3];
        foreach (var (summary, count) in data.Where(row => row.Summary.X > 0))
        {
            Evaluate(parameters, summary, gradient, count);
        }

        return gradient;
    }

    /// <summary>Groups customers with identical (x, m̄).</summary>
    public static IReadOnlyList<(SpendSummary Summary, int Count)> GroupIdentical(IEnumerable<SpendSummary> summaries)
    {
        ArgumentNullException.ThrowIfNull(summaries);
        return summaries.GroupBy(s => s).Select(g => (g.Key, g.Count())).ToList();
    }

    /// <summary>
    /// Maximum-likelihood estimates of p, q, v on the repeat customers (rows with x = 0 are ignored):
    /// BFGS over the log-parameters with the analytic gradient, starting from p = q = 1 and v = the mean
    /// of m̄. Never throws for bad data: no (or too few) repeat customers, invalid values, optimiser failures
    /// and boundary solutions come back with <see cref="ModelFitResult{TParameters}.Converged"/> false and a reason.
    /// </summary>
    public static ModelFitResult<GammaGammaParameters> Fit(IReadOnlyList<(SpendSummary Summary, int Count)> data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var repeat = data.Where(row => row.Summary is not null && row.Summary.X > 0).ToList();
        var invalid = repeat.FirstOrDefault(row => Problem(row) is not null);
        if (invalid != default)
        {
            return ModelFitResult<GammaGammaParameters>.Failed($"Invalid spend summary {invalid.Summary}: {Problem(invalid)}");
        }

        if (repeat.Count == 0)
        {
            return ModelFitResult<GammaGammaParameters>.Failed("No repeat customers (x > 0): the Gamma-Gamma model has nothing to fit.");
        }

        if (repeat.Select(row => row.Summary).Distinct().Count() < 2)
        {
            return ModelFitResult<GammaGammaParameters>.Failed("At least two repeat customers with different spend histories are needed to fit the Gamma-Gamma model.");
        }

        var total = repeat.Sum(row => (double)row.Count);
        var meanSpend = repeat.Sum(row => row.Count * row.Summary.MeanSpend) / total;
        var outcome = LogParameterOptimizer.Maximise(
            logParameters =>
            {
                var parameters = FromLog(logParameters);
                var gradient = new double[3];
                var value = 0.0;
                foreach (var (summary, count) in repeat)
                {
                    value += count * Evaluate(parameters, summary, gradient, count);
                }

                return (value, gradient);
            },
            total,
            [0.0, 0.0, Math.Log(meanSpend)]);

        var fitted = FromLog(outcome.LogParameters);
        return new ModelFitResult<GammaGammaParameters>(fitted, outcome.LogLikelihood, outcome.Iterations, outcome.FailureReason is null, outcome.FailureReason);
    }

    /// <summary>
    /// E[M | x, m̄]: the expected spend per transaction of a customer, a weighted mean of the population
    /// mean p·v/(q − 1) and the customer's own mean m̄,
    /// (q − 1)/(px + q − 1) · p·v/(q − 1) + px/(px + q − 1) · m̄; for x = 0 it is the population mean.
    /// Needs q &gt; 1 (otherwise the population mean is infinite).
    /// </summary>
    public static double ExpectedAverageSpend(GammaGammaParameters parameters, double x, double meanSpend)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentOutOfRangeException.ThrowIfNegative(x);
        var populationMean = PopulationMeanSpend(parameters);
        if (x == 0)
        {
            return populationMean;
        }

        ArgumentOutOfRangeException.ThrowIfNegative(meanSpend);
        var (p, q, _) = parameters;
        var denominator = (p * x) + q - 1;
        return ((q - 1) / denominator * populationMean) + (p * x / denominator * meanSpend);
    }

    /// <summary>The population mean spend per transaction, p·v/(q − 1) (needs q &gt; 1).</summary>
    public static double PopulationMeanSpend(GammaGammaParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (parameters.Q <= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(parameters), parameters.Q, "The mean spend is infinite unless q > 1.");
        }

        return parameters.P * parameters.V / (parameters.Q - 1);
    }

    private static GammaGammaParameters FromLog(double[] logParameters) =>
        new(Math.Exp(logParameters[0]), Math.Exp(logParameters[1]), Math.Exp(logParameters[2]));

    private static string? Problem((SpendSummary Summary, int Count) row)
    {
        var (s, count) = row;
        if (count <= 0)
        {
            return "the count must be positive";
        }

        if (!double.IsFinite(s.X) || !double.IsFinite(s.MeanSpend) || s.MeanSpend <= 0)
        {
            return "the mean spend must be positive and finite";
        }

        return null;
    }

    /// <summary>
    /// ln L = lnΓ(px + q) − lnΓ(px) − lnΓ(q) + q ln v + (px − 1) ln m̄ + px ln x − (px + q) ln(x m̄ + v);
    /// adds weight × the gradient in (ln p, ln q, ln v) when asked:
    /// ∂/∂p = x [ψ(px + q) − ψ(px) + ln m̄ + ln x − ln(x m̄ + v)],
    /// ∂/∂q = ψ(px + q) − ψ(q) + ln v − ln(x m̄ + v),
    /// ∂/∂v = q/v − (px + q)/(x m̄ + v).
    /// </summary>
    private static double Evaluate(GammaGammaParameters parameters, SpendSummary summary, double[]? gradient, double weight = 1)
    {
        var (p, q, v) = parameters;
        var (x, m) = summary;
        var px = p * x;
        var logTotal = Math.Log((x * m) + v);
        var value = SpecialFunctions.GammaLn(px + q) - SpecialFunctions.GammaLn(px) - SpecialFunctions.GammaLn(q)
            + (q * Math.Log(v)) + ((px - 1) * Math.Log(m)) + (px * Math.Log(x)) - ((px + q) * logTotal);
        if (gradient is not null)
        {
            var digammaPxQ = SpecialFunctions.DiGamma(px + q);
            var dp = x * (digammaPxQ - SpecialFunctions.DiGamma(px) + Math.Log(m) + Math.Log(x) - logTotal);
            var dq = digammaPxQ - SpecialFunctions.DiGamma(q) + Math.Log(v) - logTotal;
            var dv = (q / v) - ((px + q) / ((x * m) + v));
            gradient[0] += weight * p * dp;
            gradient[1] += weight * q * dq;
            gradient[2] += weight * v * dv;
        }

        return value;
    }
}
