using MathNet.Numerics;

namespace CustomerRetention.Domain.Value;

/// <summary>
/// The BG/NBD model of Fader, Hardie &amp; Lee (2005), "Counting Your Customers the Easy Way: An
/// Alternative to the Pareto/NBD Model", Marketing Science 24(2): likelihood, maximum-likelihood fit and
/// the predictions E[X(t)], E[Y(t) | x, tₓ, T] and P(alive). Time is in whatever unit the summaries use.
/// </summary>
public static class BgNbd
{
    /// <summary>The log-likelihood of one customer's history (x, tₓ, T).</summary>
    public static double LogLikelihood(BgNbdParameters parameters, CustomerSummary summary)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(summary);
        return Evaluate(parameters, summary, null);
    }

    /// <summary>The total log-likelihood of independent customers.</summary>
    public static double LogLikelihood(BgNbdParameters parameters, IEnumerable<CustomerSummary> summaries)
    {
        ArgumentNullException.ThrowIfNull(summaries);
        return LogLikelihood(parameters, summaries.Select(s => (s, 1)));
    }

    /// <summary>The total log-likelihood, each distinct history weighted by how many customers share it.</summary>
    public static double LogLikelihood(BgNbdParameters parameters, IEnumerable<(CustomerSummary Summary, int Count)> data)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(data);
        return data.Sum(row => row.Count * Evaluate(parameters, row.Summary, null));
    }

    /// <summary>
    /// The gradient of the total log-likelihood with respect to (ln r, ln α, ln a, ln b), the coordinates
    /// <see cref="Fit"/> optimises in.
    /// </summary>
    public static double[] LogLikelihoodGradient(BgNbdParameters parameters, IEnumerable<(CustomerSummary Summary, int Count)> data)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(data);
        var gradient = new double[4];
        foreach (var (summary, count) in data)
        {
            Evaluate(parameters, summary, gradient, count);
        }

        return gradient;
    }

    /// <summary>Groups customers with identical (x, tₓ, T) so the likelihood is evaluated once per distinct history.</summary>
    public static IReadOnlyList<(CustomerSummary Summary, int Count)> GroupIdentical(IEnumerable<CustomerSummary> summaries)
    {
        ArgumentNullException.ThrowIfNull(summaries);
        return summaries.GroupBy(s => s).Select(g => (g.Key, g.Count())).ToList();
    }

    /// <summary>
    /// Maximum-likelihood estimates of r, α, a, b: BFGS over the log-parameters with the analytic
    /// gradient, starting from r = a = b = 1 and α = the mean age T. Never throws for bad data: invalid
    /// or degenerate data, optimiser failures and boundary solutions come back with
    /// <see cref="ModelFitResult{TParameters}.Converged"/> false and a reason.
    /// </summary>
    /// <param name="data">Distinct histories with the number of customers sharing each (see <see cref="GroupIdentical"/>).</param>
    public static ModelFitResult<BgNbdParameters> Fit(IReadOnlyList<(CustomerSummary Summary, int Count)> data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var invalid = data.FirstOrDefault(row => Problem(row) is not null);
        if (invalid != default)
        {
            return ModelFitResult<BgNbdParameters>.Failed($"Invalid customer history {invalid.Summary}: {Problem(invalid)}");
        }

        var total = data.Sum(row => (double)row.Count);
        if (data.Select(row => row.Summary).Distinct().Count() < 2)
        {
            return ModelFitResult<BgNbdParameters>.Failed("At least two customers with different histories are needed to fit the BG/NBD model.");
        }

        if (!data.Any(row => row.Summary.X > 0))
        {
            return ModelFitResult<BgNbdParameters>.Failed("No customer made a repeat purchase, so the BG/NBD model cannot be identified.");
        }

        var meanAge = data.Sum(row => row.Count * row.Summary.T) / total;
        var start = new[] { 0.0, Math.Log(meanAge), 0.0, 0.0 };
        var outcome = LogParameterOptimizer.Maximise(
            logParameters =>
            {
                var parameters = FromLog(logParameters);
                var gradient = new double[4];
                var value = 0.0;
                foreach (var (summary, count) in data)
                {
                    value += count * Evaluate(parameters, summary, gradient, count);
                }

                return (value, gradient);
            },
            total,
            start);

        var fitted = FromLog(outcome.LogParameters);
        return new ModelFitResult<BgNbdParameters>(fitted, outcome.LogLikelihood, outcome.Iterations, outcome.FailureReason is null, outcome.FailureReason);
    }

    /// <summary>
    /// E[X(t)]: the expected number of repeat purchases of a new customer in the first t time units,
    /// ((a + b − 1) / (a − 1)) · [1 − (α / (α + t))^r · ₂F₁(r, b; a + b − 1; t / (α + t))].
    /// The formula has a removable singularity at a = 1 and is not defined exactly there.
    /// </summary>
    public static double ExpectedPurchases(BgNbdParameters parameters, double t)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentOutOfRangeException.ThrowIfNegative(t);
        var (r, alpha, a, b) = parameters;
        var z = t / (alpha + t);
        var bracket = OneMinusPowerTimesHypergeometric(r, b, a + b - 1, z);
        return Math.Max(0, (a + b - 1) / (a - 1) * bracket);
    }

    /// <summary>
    /// E[Y(t) | x, tₓ, T]: the expected number of purchases in the next t time units of a customer with
    /// history (x, tₓ, T),
    /// ((a + b + x − 1) / (a − 1)) · [1 − ((α + T) / (α + T + t))^(r+x) · ₂F₁(r + x, b + x; a + b + x − 1; t / (α + T + t))]
    /// / [1 + δ(x &gt; 0) · (a / (b + x − 1)) · ((α + T) / (α + tₓ))^(r+x)].
    /// </summary>
    public static double ConditionalExpectedPurchases(BgNbdParameters parameters, CustomerSummary summary, double t)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentOutOfRangeException.ThrowIfNegative(t);
        var (r, alpha, a, b) = parameters;
        var x = summary.X;
        var z = t / (alpha + summary.T + t);
        var bracket = OneMinusPowerTimesHypergeometric(r + x, b + x, a + b + x - 1, z);
        var expected = (a + b + x - 1) / (a - 1) * bracket * ProbabilityAlive(parameters, summary);
        return Math.Max(0, expected);
    }

    /// <summary>
    /// P(alive | x, tₓ, T) = 1 / [1 + δ(x &gt; 0) · (a / (b + x − 1)) · ((α + T) / (α + tₓ))^(r+x)]
    /// (Fader, Hardie &amp; Lee, "Computing P(alive) using the BG/NBD model").
    /// <para>
    /// It is exactly 1 for a customer with no repeat purchase (x = 0, i.e. one purchase so far): in the
    /// BG/NBD model a customer can only drop out immediately after a repeat purchase, so a customer who has
    /// not made one has had no opportunity to become inactive yet. (This is a known property of the model,
    /// not a statement that such customers are certain to buy again; E[Y(t)] still falls with their age T.)
    /// </para>
    /// </summary>
    public static double ProbabilityAlive(BgNbdParameters parameters, CustomerSummary summary)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(summary);
        if (summary.X <= 0)
        {
            return 1;
        }

        var (r, alpha, a, b) = parameters;
        var x = summary.X;
        var logOdds = Math.Log(a) - Math.Log(b + x - 1) + ((r + x) * (Math.Log(alpha + summary.T) - Math.Log(alpha + summary.Tx)));
        // 1 / (1 + e^l) computed without overflow.
        return logOdds > 0 ? Math.Exp(-logOdds) / (1 + Math.Exp(-logOdds)) : 1 / (1 + Math.Exp(logOdds));
    }

    /// <summary>
    /// 1 − (1 − z)^p · ₂F₁(p, q; c; z) with (1 − z) = the ratio in the BG/NBD formulas, evaluated after
    /// Euler's transformation as 1 − (1 − z)^(c−q) · ₂F₁(c − p, c − q; c; z): for the BG/NBD arguments
    /// c − q = a − 1 and c − p = a + b − 1 − r do not grow with x, so nothing overflows for large x.
    /// </summary>
    private static double OneMinusPowerTimesHypergeometric(double p, double q, double c, double z) =>
        1 - (Math.Pow(1 - z, c - q) * Hypergeometric.Gauss2F1(c - p, c - q, c, z));

    private static BgNbdParameters FromLog(double[] logParameters) =>
        new(Math.Exp(logParameters[0]), Math.Exp(logParameters[1]), Math.Exp(logParameters[2]), Math.Exp(logParameters[3]));

    private static string? Problem((CustomerSummary Summary, int Count) row)
    {
        var (s, count) = row;
        if (s is null)
        {
            return "missing";
        }

        if (count <= 0)
        {
            return "the count must be positive";
        }

        if (!double.IsFinite(s.X) || !double.IsFinite(s.Tx) || !double.IsFinite(s.T))
        {
            return "values must be finite";
        }

        if (s.X < 0 || s.X != Math.Floor(s.X) || s.Tx < 0 || s.T <= 0 || s.Tx > s.T)
        {
            return "needs a whole x ≥ 0, 0 ≤ tₓ ≤ T and T > 0";
        }

        return null;
    }

    /// <summary>
    /// ln L for one customer, and (when <paramref name="gradient"/> is given) adds weight × ∂ ln L / ∂(ln r, ln α, ln a, ln b).
    /// <para>
    /// ln L = A₁ + A₂ + ln(e^A₃ + δ e^A₄) with
    /// A₁ = lnΓ(r + x) − lnΓ(r) + r ln α, A₂ = lnB(a, b + x) − lnB(a, b), A₃ = −(r + x) ln(α + T),
    /// A₄ = ln a − ln(b + x − 1) − (r + x) ln(α + tₓ). With w = e^A₄ / (e^A₃ + e^A₄) (0 when x = 0):
    /// ∂/∂r = ψ(r + x) − ψ(r) + ln α − (1 − w) ln(α + T) − w ln(α + tₓ);
    /// ∂/∂α = r/α − (r + x) [(1 − w)/(α + T) + w/(α + tₓ)];
    /// ∂/∂a = ψ(a + b) − ψ(a + b + x) + w/a;
    /// ∂/∂b = ψ(b + x) − ψ(b) + ψ(a + b) − ψ(a + b + x) − w/(b + x − 1);
    /// and ∂/∂ln θ = θ ∂/∂θ.
    /// </para>
    /// </summary>
    private static double Evaluate(BgNbdParameters parameters, CustomerSummary summary, double[]? gradient, double weight = 1)
    {
        var (r, alpha, a, b) = parameters;
        var (x, tx, t) = summary;
        var a1 = SpecialFunctions.GammaLn(r + x) - SpecialFunctions.GammaLn(r) + (r * Math.Log(alpha));
        var a2 = SpecialFunctions.BetaLn(a, b + x) - SpecialFunctions.BetaLn(a, b);
        var logAlphaT = Math.Log(alpha + t);
        var logAlphaTx = Math.Log(alpha + tx);
        var a3 = -(r + x) * logAlphaT;
        double mix;
        var w = 0.0;
        if (x > 0)
        {
            var a4 = Math.Log(a) - Math.Log(b + x - 1) - ((r + x) * logAlphaTx);
            var max = Math.Max(a3, a4);
            var e3 = Math.Exp(a3 - max);
            var e4 = Math.Exp(a4 - max);
            mix = max + Math.Log(e3 + e4);
            w = e4 / (e3 + e4);
        }
        else
        {
            mix = a3;
        }

        if (gradient is not null)
        {
            var dr = SpecialFunctions.DiGamma(r + x) - SpecialFunctions.DiGamma(r) + Math.Log(alpha) - ((1 - w) * logAlphaT) - (w * logAlphaTx);
            var dAlpha = (r / alpha) - ((r + x) * (((1 - w) / (alpha + t)) + (w / (alpha + tx))));
            var digammaAB = SpecialFunctions.DiGamma(a + b);
            var digammaABX = SpecialFunctions.DiGamma(a + b + x);
            var da = digammaAB - digammaABX + (x > 0 ? w / a : 0);
            var db = SpecialFunctions.DiGamma(b + x) - SpecialFunctions.DiGamma(b) + digammaAB - digammaABX - (x > 0 ? w / (b + x - 1) : 0);
            gradient[0] += weight * r * dr;
            gradient[1] += weight * alpha * dAlpha;
            gradient[2] += weight * a * da;
            gradient[3] += weight * b * db;
        }

        return a1 + a2 + mix;
    }
}
