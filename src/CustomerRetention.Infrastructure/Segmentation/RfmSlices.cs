namespace CustomerRetention.Infrastructure.Segmentation;

/// <summary>How an RFM run splits its aggregate over customers into slices of roughly equal size.</summary>
public static class RfmSlices
{
    /// <summary>
    /// The split points for <paramref name="slices"/> slices from an equal-frequency histogram of
    /// customer ids (ascending, as PostgreSQL sorts them): the inner bounds nearest to each
    /// 1/slices step. Slice i holds the ids from split i − 1 (inclusive) to split i (exclusive),
    /// the first and last slices are open-ended, so every id falls in exactly one slice. No
    /// splits (one slice) for fewer than two slices or a histogram too short to split.
    /// </summary>
    public static IReadOnlyList<Guid> Splits(IReadOnlyList<Guid> histogram, int slices)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        if (slices < 2 || histogram.Count < slices + 1)
        {
            return [];
        }

        var buckets = histogram.Count - 1;
        return Enumerable.Range(1, slices - 1)
            .Select(i => histogram[(int)Math.Round((double)i * buckets / slices, MidpointRounding.AwayFromZero)])
            .Distinct()
            .ToList();
    }
}
