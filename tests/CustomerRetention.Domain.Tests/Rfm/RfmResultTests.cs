using System.Globalization;
using CustomerRetention.Domain.Segmentation;

namespace CustomerRetention.Domain.Tests.Rfm;

public sealed class RfmResultTests
{
    [Theory]
    [InlineData(1230L, "12.30")]
    [InlineData(711230L, "7112.30")]
    [InlineData(5L, "0.05")]
    [InlineData(0L, "0.00")]
    [InlineData(123456789012L, "1234567890.12")]
    public void Cents_become_an_amount_with_two_decimals(long cents, string expected) =>
        Assert.Equal(expected, RfmResult.ToAmount(cents).ToString(CultureInfo.InvariantCulture));
}
