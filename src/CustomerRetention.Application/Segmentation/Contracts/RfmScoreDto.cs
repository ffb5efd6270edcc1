namespace CustomerRetention.Application.Segmentation.Contracts;

/// <summary>One customer's RFM result in one run.</summary>
public sealed record RfmScoreDto(
    Guid RunId,
    DateTimeOffset AsOf,
    int RecencyDays,
    int Frequency,
    decimal Monetary,
    int R,
    int F,
    int M,
    string Segment);
