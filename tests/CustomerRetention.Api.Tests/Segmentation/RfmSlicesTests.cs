using CustomerRetention.Infrastructure.Segmentation;

namespace CustomerRetention.Api.Tests.Segmentation;

/// <summary>How an RFM run splits its aggregate into customer-id slices (RfmEngine).</summary>
public sealed class RfmSlicesTests
{
    private static List<Guid> Histogram(int bounds) =>
        Enumerable.Range(0, bounds).Select(i => new Guid(i, 0, 0, new byte[8])).ToList();

    [Fact]
    public void Two_slices_split_at_the_middle_bound()
    {
        var histogram = Histogram(101);

        Assert.Equal([histogram[50]], RfmSlices.Splits(histogram, 2));
    }

    [Fact]
    public void Four_slices_split_at_the_quartile_bounds_in_ascending_order()
    {
        var histogram = Histogram(101);

        Assert.Equal([histogram[25], histogram[50], histogram[75]], RfmSlices.Splits(histogram, 4));
    }

    [Fact]
    public void Three_slices_of_an_uneven_histogram_take_the_nearest_bounds()
    {
        var histogram = Histogram(11); // 10 buckets: steps at 3.33 and 6.67 buckets

        Assert.Equal([histogram[3], histogram[7]], RfmSlices.Splits(histogram, 3));
    }

    [Theory]
    [InlineData(101, 1)]
    [InlineData(101, 0)]
    [InlineData(2, 2)]
    [InlineData(0, 2)]
    public void Without_workers_or_a_histogram_to_split_there_is_one_slice(int bounds, int slices) =>
        Assert.Empty(RfmSlices.Splits(Histogram(bounds), slices));

    [Fact]
    public void Repeated_bounds_give_no_empty_slice()
    {
        var same = Enumerable.Repeat(Guid.Parse("0191991f-fa22-7abf-a250-25d7ed02d87a"), 9).ToList();

        Assert.Single(RfmSlices.Splits(same, 4));
    }
}
