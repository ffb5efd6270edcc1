using CustomerRetention.Domain.BuildingBlocks.Events;
using CustomerRetention.Domain.BuildingBlocks.Jobs;
using CustomerRetention.Domain.Segmentation;

namespace CustomerRetention.Domain.Value;

/// <summary>
/// One CLV model fit (SPEC §8.2): a recorded job that fits BG/NBD and Gamma-Gamma to the completed
/// orders on or before <see cref="CalibrationEnd"/> and predicts every customer's value over the next
/// <see cref="HorizonDays"/> days. Time is measured in days, so <see cref="Alpha"/> is per day.
/// </summary>
public sealed class ClvModel : AggregateRoot
{
    public const int DefaultHorizonDays = 365;

    public const int MaxHorizonDays = 3650;

    public const double DefaultMonthlyDiscountRate = 0.01;

    private ClvModel()
    {
    }

    public Guid Id { get; private set; }

    public JobStatus Status { get; private set; }

    /// <summary>The last day whose completed orders the model learns from (UTC dates of orderedAt).</summary>
    public DateOnly CalibrationEnd { get; private set; }

    public int HorizonDays { get; private set; }

    public double MonthlyDiscountRate { get; private set; }

    /// <summary>How many customers the model was fitted on (and predicts).</summary>
    public int? Customers { get; private set; }

    public double? R { get; private set; }

    /// <summary>The BG/NBD α, per day.</summary>
    public double? Alpha { get; private set; }

    public double? A { get; private set; }

    public double? B { get; private set; }

    public double? BgNbdLogLikelihood { get; private set; }

    public double? P { get; private set; }

    public double? Q { get; private set; }

    public double? V { get; private set; }

    public double? GammaGammaLogLikelihood { get; private set; }

    public string? Error { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? StartedAt { get; private set; }

    public DateTimeOffset? FinishedAt { get; private set; }

    /// <summary>Which API instance ran it.</summary>
    public string? ClaimedBy { get; private set; }

    public static ClvModel Queue(DateOnly calibrationEnd, int horizonDays, double monthlyDiscountRate, DateTimeOffset now)
    {
        if (calibrationEnd > DateOnly.FromDateTime(now.UtcDateTime))
        {
            throw new ArgumentOutOfRangeException(nameof(calibrationEnd), "A model cannot learn from the future.");
        }

        if (horizonDays is < 1 or > MaxHorizonDays)
        {
            throw new ArgumentOutOfRangeException(nameof(horizonDays), $"The horizon is 1 to {MaxHorizonDays} days.");
        }

        if (!(monthlyDiscountRate >= 0 && monthlyDiscountRate < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(monthlyDiscountRate), "The monthly discount rate is at least 0 and below 1.");
        }

        var model = new ClvModel
        {
            Id = Guid.CreateVersion7(now),
            Status = JobStatus.Queued,
            CalibrationEnd = calibrationEnd,
            HorizonDays = horizonDays,
            MonthlyDiscountRate = monthlyDiscountRate,
            CreatedAt = now,
        };
        model.Raise(new ClvModelRequested(model, now));
        return model;
    }
}

/// <summary>One customer's predicted value in one CLV model.</summary>
public sealed class ClvPrediction
{
    private ClvPrediction()
    {
    }

    public Guid ModelId { get; private set; }

    public Guid CustomerId { get; private set; }

    /// <summary>x: repeat purchase days in the calibration period.</summary>
    public int Frequency { get; private set; }

    /// <summary>tₓ: days from the first to the last purchase day.</summary>
    public int RecencyDays { get; private set; }

    /// <summary>T: days from the first purchase day to the calibration end.</summary>
    public int AgeDays { get; private set; }

    /// <summary>m̄: mean spend of the repeat purchase days; null when x = 0.</summary>
    public double? MeanSpend { get; private set; }

    public double PAlive { get; private set; }

    /// <summary>E[Y(H)]: expected purchases in the horizon.</summary>
    public double ExpectedPurchases { get; private set; }

    /// <summary>E[M]: expected spend per purchase.</summary>
    public decimal ExpectedAverageOrderValue { get; private set; }

    public decimal Clv { get; private set; }

    /// <summary>high, medium or low (see <see cref="ClvForecast.ChurnRisk"/>).</summary>
    public string ChurnRisk { get; private set; } = string.Empty;
}

/// <summary>The per-customer outputs of a fitted model (SPEC §8.2).</summary>
public static class ClvForecast
{
    /// <summary>The days of one discounting period.</summary>
    public const int DaysPerMonth = 30;

    /// <summary>high if P(alive) &lt; 0.3, medium if &lt; 0.7, else low.</summary>
    public static string ChurnRisk(double pAlive) => pAlive < 0.3 ? "high" : pAlive < 0.7 ? "medium" : "low";

    /// <summary>
    /// CLV = Σ_{i=1..⌈H/30⌉} E[M] · (E[Y(min(30i, H))] − E[Y(30(i−1))]) / (1 + d)^i, with E[Y] the
    /// customer's conditional expected purchases; never below zero.
    /// </summary>
    public static double DiscountedValue(
        BgNbdParameters parameters, CustomerSummary summary, double expectedSpend, int horizonDays, double monthlyDiscountRate)
    {
        var months = (horizonDays + DaysPerMonth - 1) / DaysPerMonth;
        var value = 0.0;
        var before = 0.0;
        for (var i = 1; i <= months; i++)
        {
            var after = BgNbd.ConditionalExpectedPurchases(parameters, summary, Math.Min(DaysPerMonth * i, horizonDays));
            value += expectedSpend * Math.Max(0, after - before) / Math.Pow(1 + monthlyDiscountRate, i);
            before = after;
        }

        return value;
    }
}
