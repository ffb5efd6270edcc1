namespace CustomerRetention.Domain.Rfm;

/// <summary>One customer's scores in one run. Written set-based by the RFM engine, never by hand.</summary>
public sealed class RfmResult
{
    private RfmResult()
    {
        Segment = string.Empty;
    }

    public Guid RunId { get; private set; }

    public Guid CustomerId { get; private set; }

    public int RecencyDays { get; private set; }

    public int Frequency { get; private set; }

    public decimal Monetary { get; private set; }

    public short R { get; private set; }

    public short F { get; private set; }

    public short M { get; private set; }

    public string Segment { get; private set; }
}
