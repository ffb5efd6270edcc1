using CustomerRetention.Domain.Value;

namespace CustomerRetention.Domain.Tests.Clv;

public sealed class HypergeometricTests
{
    [Theory]
    [InlineData(0.3, 1.7, 0.0)]
    [InlineData(0.3, 1.7, 0.2)]
    [InlineData(2.5, 0.8, 0.6)]
    [InlineData(0.243, 2.426, 0.95)]
    [InlineData(3.0, 1.2, 0.999)]
    [InlineData(1.5, 2.0, -3.0)]
    public void Gauss2F1_with_b_equal_to_c_is_a_power_of_one_minus_z(double a, double b, double z)
    {
        var expected = Math.Pow(1 - z, -a);

        var actual = Hypergeometric.Gauss2F1(a, b, b, z);

        Assert.Equal(expected, actual, expected * 1e-12);
    }

    [Theory]
    [InlineData(0.1)]
    [InlineData(0.5)]
    [InlineData(0.75)]
    [InlineData(0.99)]
    [InlineData(0.9999)]
    [InlineData(-0.5)]
    [InlineData(-20.0)]
    public void Gauss2F1_of_one_one_two_is_minus_log_of_one_minus_z_over_z(double z)
    {
        var expected = -Math.Log(1 - z) / z;

        var actual = Hypergeometric.Gauss2F1(1, 1, 2, z);

        Assert.Equal(expected, actual, expected * 1e-12);
    }

    [Fact]
    public void Gauss2F1_at_zero_is_one()
    {
        Assert.Equal(1.0, Hypergeometric.Gauss2F1(0.5, 3.0, 1.5, 0.0));
    }

    [Fact]
    public void Gauss2F1_terminates_when_a_is_a_negative_integer()
    {
        // ₂F₁(−2, b; c; z) = 1 − 2bz/c + b(b + 1)z²/(c(c + 1)).
        const double b = 1.5, c = 2.5, z = 0.7;
        var expected = 1 - (2 * b * z / c) + (b * (b + 1) * z * z / (c * (c + 1)));

        Assert.Equal(expected, Hypergeometric.Gauss2F1(-2, b, c, z), 1e-14);
    }

    [Fact]
    public void Gauss2F1_rejects_z_of_one_or_more()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Hypergeometric.Gauss2F1(1, 1, 2, 1));
    }
}
