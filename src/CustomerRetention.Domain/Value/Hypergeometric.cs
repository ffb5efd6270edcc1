namespace CustomerRetention.Domain.Value;

/// <summary>The Gauss hypergeometric function ₂F₁(a, b; c; z) for real z &lt; 1, as a power series.</summary>
public static class Hypergeometric
{
    /// <summary>Terms are summed until the estimated remaining tail, relative to the sum, falls below this.</summary>
    public const double RelativeTolerance = 1e-15;

    /// <summary>The cap on summed terms; about 35 / (1 − z) terms are needed, so z up to ≈ 0.99996 is reachable.</summary>
    public const int MaximumTerms = 1_000_000;

    /// <summary>
    /// ₂F₁(a, b; c; z) = Σₖ (a)ₖ (b)ₖ / (c)ₖ · zᵏ / k! for z &lt; 1 and c not a non-positive integer.
    /// <para>
    /// For 0 ≤ z &lt; 1 the series is summed directly; when a + b &gt; c its coefficients grow like
    /// k^(a+b−c−1), so Euler's transformation ₂F₁(a, b; c; z) = (1 − z)^(c−a−b) ₂F₁(c − a, c − b; c; z)
    /// is applied first to keep the terms bounded. For z &lt; 0, Pfaff's transformation
    /// ₂F₁(a, b; c; z) = (1 − z)^(−a) ₂F₁(a, c − b; c; z / (z − 1)) maps the argument into [0, 1).
    /// (Pfaff's transformation does not help for z &gt; 0.5: it maps (0.5, 1) to (−∞, −1), outside the
    /// disc of convergence; the series there converges geometrically at rate z, which the term cap allows for.)
    /// </para>
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">z ≥ 1, non-finite arguments, or c a non-positive integer.</exception>
    /// <exception cref="ArithmeticException">The series did not converge within <see cref="MaximumTerms"/> terms.</exception>
    public static double Gauss2F1(double a, double b, double c, double z)
    {
        if (!double.IsFinite(a) || !double.IsFinite(b) || !double.IsFinite(c) || !double.IsFinite(z))
        {
            throw new ArgumentOutOfRangeException(nameof(z), "The arguments must be finite.");
        }

        if (z >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(z), z, "The series needs z < 1.");
        }

        if (c <= 0 && c == Math.Floor(c))
        {
            throw new ArgumentOutOfRangeException(nameof(c), c, "c must not be a non-positive integer.");
        }

        if (z < 0)
        {
            return Math.Pow(1 - z, -a) * NonNegativeArgument(a, c - b, c, z / (z - 1));
        }

        return NonNegativeArgument(a, b, c, z);
    }

    private static double NonNegativeArgument(double a, double b, double c, double z)
    {
        if (a + b > c && z > 0)
        {
            return Math.Pow(1 - z, c - a - b) * Series(c - a, c - b, c, z);
        }

        return Series(a, b, c, z);
    }

    private static double Series(double a, double b, double c, double z)
    {
        var sum = 1.0;
        var term = 1.0;
        for (var k = 0; k < MaximumTerms; k++)
        {
            var ratio = (a + k) * (b + k) / ((c + k) * (k + 1)) * z;
            term *= ratio;
            sum += term;
            if (term == 0)
            {
                return sum;
            }

            // Stop once the terms shrink geometrically and the tail they bound, about
            // |term| · |ratio| / (1 − |ratio|), is below the tolerance (for z near 1 the tail is much
            // larger than the last term, so "last term < tolerance" alone would stop too early).
            var shrink = Math.Abs(ratio);
            if (shrink < 1 && Math.Abs(term) * shrink / (1 - shrink) <= RelativeTolerance * Math.Abs(sum))
            {
                return sum;
            }
        }

        throw new ArithmeticException($"₂F₁({a}, {b}; {c}; {z}) did not converge in {MaximumTerms} terms.");
    }
}
