using MathNet.Numerics;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;

namespace CustomerRetention.Domain.Clv;

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

        return new Outcome(point, logLikelihood, result.Iterations, reason);
    }
}
