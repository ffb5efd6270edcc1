namespace CustomerRetention.Domain.Value;

/// <summary>
/// The four BG/NBD parameters: purchases while alive follow a Poisson process whose rate is
/// Gamma(shape <see cref="R"/>, rate <see cref="Alpha"/>) across customers; after each purchase a
/// customer drops out with a probability that is Beta(<see cref="A"/>, <see cref="B"/>) across customers.
/// <see cref="Alpha"/> is in the time unit of the data (e.g. weeks or days).
/// </summary>
public sealed record BgNbdParameters(double R, double Alpha, double A, double B);

/// <summary>
/// One customer's purchase history in a calibration period: <see cref="X"/> repeat purchases (purchases
/// after the first), <see cref="Tx"/> the time from the first to the last purchase (recency) and
/// <see cref="T"/> the time from the first purchase to the end of the period (age), all in one time unit.
/// </summary>
public sealed record CustomerSummary(double X, double Tx, double T);

/// <summary>The three Gamma-Gamma spend parameters: spend per transaction is Gamma(<see cref="P"/>, ν) with ν ~ Gamma(<see cref="Q"/>, <see cref="V"/>).</summary>
public sealed record GammaGammaParameters(double P, double Q, double V);

/// <summary>One repeat customer's spend history: <see cref="X"/> repeat purchases with mean spend <see cref="MeanSpend"/> (m̄).</summary>
public sealed record SpendSummary(double X, double MeanSpend);

/// <summary>
/// The outcome of a maximum-likelihood fit. <see cref="Parameters"/> is the last point reached (null when
/// the data were rejected before optimising); only trust it when <see cref="Converged"/> is true,
/// otherwise <see cref="FailureReason"/> says why the fit failed.
/// </summary>
public sealed record ModelFitResult<TParameters>(
    TParameters? Parameters,
    double LogLikelihood,
    int Iterations,
    bool Converged,
    string? FailureReason)
    where TParameters : class
{
    internal static ModelFitResult<TParameters> Failed(string reason, TParameters? parameters = null, int iterations = 0) =>
        new(parameters, double.NaN, iterations, false, reason);
}
