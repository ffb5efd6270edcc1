using MathNet.Numerics;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Factorization;
using MathNet.Numerics.Optimization;

namespace CustomerRetention.Domain.Value;

/// <summary>
/// Maximum likelihood over log-parameters (so positivity needs no constraints) with MathNet's BFGS:
/// minimises the mean negative log-likelihood per customer, which keeps the tolerances independent of
/// the number of customers.
/// </summary>
internal static class LogParameterOptimizer
{
    private const double GradientTolerance = 1e-9;
    private const double ParameterTolerance = 1e-12;
    private const double FunctionProgressTolerance = 1e-14;
    private const int MaximumIterations = 1000;

    /// <summary>A log-parameter with a standard error above this is uncertain by a factor e^3 ≈ 20 either way: not identified.</summary>
    private const double MaximumLogStandardError = 3;

    /// <summary>|log θ| beyond this (θ outside ≈ [2e-9, 5e8]) means the likelihood has no interior maximum.</summary>
    private const double LogParameterBound = 20;

    /// <summary>
    /// The outcome in log-parameters: the last point, the maximised total log-likelihood, and a failure
    /// reason when it is not a proper interior maximum.
    /// </summary>
    internal sealed record Outcome(double[] LogParameters, double LogLikelihood, int Iterations, string? FailureReason);

    /// <param name="logLikelihoodWithGradient">
    /// Total log-likelihood and its gradient with respect to the log-parameters.
    /// </param>
    /// <param name="totalWeight">The number of customers, to scale the objective to a per-customer mean.</param>
    /// <param name="start">The starting log-parameters.</param>
    internal static Outcome Maximise(Func<double[], (double Value, double[] Gradient)> logLikelihoodWithGradient, double totalWeight, double[] start)
    {
        var scale = 1.0 / totalWeight;
        var objective = ObjectiveFunction.Gradient(
            point =>
            {
                var value = logLikelihoodWithGradient(point.ToArray()).Value;
                return double.IsFinite(value) ? -value * scale : double.PositiveInfinity;
            },
            point =>
            {
                var gradient = logLikelihoodWithGradient(point.ToArray()).Gradient;
                return Vector<double>.Build.DenseOfEnumerable(gradient.Select(g => -g * scale));
            });

        var minimizer = new BfgsMinimizer(GradientTolerance, ParameterTolerance, FunctionProgressTolerance, MaximumIterations);
        MinimizationResult result;
        try
        {
            result = minimizer.FindMinimum(objective, Vector<double>.Build.DenseOfArray(start));
        }
        catch (OptimizationException exception)
        {
            return new Outcome(start, double.NaN, 0, $"The optimiser failed: {exception.Message}");
        }
        catch (NonConvergenceException exception)
        {
            return new Outcome(start, double.NaN, 0, $"The optimiser did not converge: {exception.Message}");
        }
        catch (ArithmeticException exception)
        {
            return new Outcome(start, double.NaN, 0, $"The likelihood could not be evaluated: {exception.Message}");
        }

        var point = result.MinimizingPoint.ToArray();
        var (logLikelihood, gradient) = logLikelihoodWithGradient(point);
        string? reason = null;
        if (!point.All(double.IsFinite) || !double.IsFinite(logLikelihood) || !gradient.All(double.IsFinite))
        {
            reason = "The fit reached non-finite parameters or log-likelihood.";
        }
        else if (point.Any(p => Math.Abs(p) > LogParameterBound))
        {
            reason = "A parameter diverged towards 0 or infinity: the data do not identify the model (too few or too uniform customers).";
        }
        else if (result.ReasonForExit == ExitCondition.ExceedIterations)
        {
            reason = $"The optimiser stopped after {result.Iterations} iterations without converging.";
        }
        else
        {
            reason = IdentificationProblem(logLikelihoodWithGradient, point);
        }

        return new Outcome(point, logLikelihood, result.Iterations, reason);
    }

    /// <summary>
    /// A proper maximum has a positive definite observed information matrix (the Hessian of the negative
    /// log-likelihood, here by central differences of the analytic gradient) and finite standard errors.
    /// On a flat ridge (e.g. two customers for four parameters) BFGS stops where the gradient is tiny,
    /// but the curvature along the ridge is ≈ 0: that is reported as a failure, not as estimates.
    /// </summary>
    private static string? IdentificationProblem(Func<double[], (double Value, double[] Gradient)> logLikelihoodWithGradient, double[] point)
    {
        const double step = 1e-4;
        var n = point.Length;
        var information = Matrix<double>.Build.Dense(n, n);
        for (var j = 0; j < n; j++)
        {
            var up = (double[])point.Clone();
            var down = (double[])point.Clone();
            up[j] += step;
            down[j] -= step;
            var gradientUp = logLikelihoodWithGradient(up).Gradient;
            var gradientDown = logLikelihoodWithGradient(down).Gradient;
            for (var i = 0; i < n; i++)
            {
                information[i, j] = -(gradientUp[i] - gradientDown[i]) / (2 * step);
            }
        }

        information = (information + information.Transpose()) / 2;
        if (!information.Enumerate().All(double.IsFinite))
        {
            return "The curvature of the likelihood at the fit is not finite.";
        }

        var eigenvalues = information.Evd(Symmetricity.Symmetric).EigenValues.Select(e => e.Real).ToArray();
        if (eigenvalues.Min() <= 0)
        {
            return "The likelihood is flat or saddle-shaped at the fit: the data do not identify the parameters.";
        }

        var variances = information.Inverse().Diagonal();
        if (variances.Any(v => !double.IsFinite(v) || v <= 0 || Math.Sqrt(v) > MaximumLogStandardError))
        {
            return "The data hardly constrain the parameters (standard errors too large): too few or too uniform customers.";
        }

        return null;
    }
}
