namespace CustomerRetention.Domain.Segmentation;

/// <summary>
/// One customer's scores in one run. Written set-based by the RFM engine, never by hand. Stored
/// compactly for the run's indexes: the monetary value as whole cents (exact: order amounts have
/// two decimals) and the segment as the id of its key in <see cref="RfmSegment"/>.
/// </summary>
public sealed class RfmResult
{
    private RfmResult()
    {
        Segment = null!;
    }

    public Guid RunId { get; private set; }

    public Guid CustomerId { get; private set; }

    public int RecencyDays { get; private set; }

    public int Frequency { get; private set; }

    /// <summary>The sum of the customer's completed orders in the run's window, in cents.</summary>
    public long MonetaryCents { get; private set; }

    public short R { get; private set; }

    public short F { get; private set; }

    public short M { get; private set; }

    public short SegmentId { get; private set; }

    public RfmSegment Segment { get; private set; }

    /// <summary>Whole cents as a currency amount with two decimals (scale 2, so 12.30 stays 12.30).</summary>
    public static decimal ToAmount(long cents) => cents * 0.01m;
}

/// <summary>
/// A segment key as used by any segment map, interned once so that results store a small number
/// instead of the key (keys are never removed: results of old runs keep pointing at them).
/// </summary>
public sealed class RfmSegment
{
    private RfmSegment()
    {
        Key = string.Empty;
    }

    public short Id { get; private set; }

    public string Key { get; private set; }
}
