using CustomerRetention.Domain.BuildingBlocks.Jobs;
using CustomerRetention.Domain.Segmentation;
using CustomerRetention.Domain.Value;

namespace CustomerRetention.Application.Value;

/// <summary>The fitted BG/NBD parameters; <c>alpha</c> is per day.</summary>
public sealed record BgNbdDto(double R, double Alpha, double A, double B, double LogLikelihood);

/// <summary>The fitted Gamma-Gamma spend parameters.</summary>
public sealed record GammaGammaDto(double P, double Q, double V, double LogLikelihood);

/// <summary>A CLV model fit (a job).</summary>
public sealed record ClvModelDto
{
    public Guid Id { get; init; }

    /// <summary>queued, running, succeeded or failed.</summary>
    public JobStatus Status { get; init; }

    public DateOnly CalibrationEnd { get; init; }

    public int HorizonDays { get; init; }

    public double MonthlyDiscountRate { get; init; }

    /// <summary>How many customers the model was fitted on; null until it succeeded.</summary>
    public int? Customers { get; init; }

    /// <summary>The BG/NBD parameters (time in days); null until the model succeeded.</summary>
    public BgNbdDto? Bgnbd { get; init; }

    /// <summary>The Gamma-Gamma parameters; null until the model succeeded.</summary>
    public GammaGammaDto? GammaGamma { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>Why a model failed.</summary>
    public string? Error { get; init; }

    public static ClvModelDto From(ClvModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return new ClvModelDto
        {
            Id = model.Id,
            Status = model.Status,
            CalibrationEnd = model.CalibrationEnd,
            HorizonDays = model.HorizonDays,
            MonthlyDiscountRate = model.MonthlyDiscountRate,
            Customers = model.Customers,
            Bgnbd = model is { R: { } r, Alpha: { } alpha, A: { } a, B: { } b, BgNbdLogLikelihood: { } ll }
                ? new BgNbdDto(r, alpha, a, b, ll)
                : null,
            GammaGamma = model is { P: { } p, Q: { } q, V: { } v, GammaGammaLogLikelihood: { } gll }
                ? new GammaGammaDto(p, q, v, gll)
                : null,
            CreatedAt = model.CreatedAt,
            StartedAt = model.StartedAt,
            FinishedAt = model.FinishedAt,
            Error = model.Error,
        };
    }
}

/// <summary>One customer's prediction in a model.</summary>
public sealed record ClvCustomerDto(
    Guid CustomerId,
    int Frequency,
    int RecencyDays,
    int AgeDays,
    double PAlive,
    double ExpectedPurchases,
    decimal ExpectedAverageOrderValue,
    decimal Clv,
    string ChurnRisk);
