namespace CustomerRetention.Application.Value;

/// <summary>
/// What a customer has spent so far (SPEC §8, historic CLV), from completed orders only; always
/// available, no model needed.
/// </summary>
public sealed record HistoricValueDto(
    int Orders,
    decimal Revenue,
    DateTimeOffset? FirstOrderAt,
    DateTimeOffset? LastOrderAt,
    decimal? AverageOrderValue,
    double? AverageDaysBetweenOrders);

/// <summary>A customer's value: <c>historic</c> always; <c>predicted</c> from the latest succeeded CLV model.</summary>
public sealed record CustomerValueDto(HistoricValueDto Historic, PredictedValueDto? Predicted);

/// <summary>
/// The predicted part (SPEC §8.2), from the latest succeeded CLV model; null while none has
/// succeeded or when that model did not include the customer (no completed order by its calibration end).
/// </summary>
public sealed record PredictedValueDto(
    Guid ModelId,
    double PAlive,
    double ExpectedPurchases,
    decimal ExpectedAverageOrderValue,
    decimal Clv,
    string ChurnRisk);
