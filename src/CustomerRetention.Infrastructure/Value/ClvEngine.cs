using CustomerRetention.Domain.BuildingBlocks.Events;
using CustomerRetention.Domain.Value;
using CustomerRetention.Infrastructure.BuildingBlocks.Jobs;
using CustomerRetention.Infrastructure.Persistence;
using CustomerRetention.Infrastructure.Segmentation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace CustomerRetention.Infrastructure.Value;

/// <summary>
/// Fits CLV models (SPEC §8.2): one SQL statement summarises every customer's purchase days, the
/// Domain fits BG/NBD and Gamma-Gamma and predicts each customer, and binary COPY stores the
/// predictions in the transaction that marks the model succeeded.
/// </summary>
public sealed partial class ClvEngine(ILogger<ClvEngine> logger) : IJobEngine
{
    /// <inheritdoc />
    public static JobDescription Description { get; } =
        new("clv_models", "CLV model", "CLV", "CustomerRetention.Infrastructure.Value.ClvModelWorker", "model", "predictions");

    /// <summary>Fits a claimed model and stores its predictions (the kit records a failure).</summary>
    public async Task ExecuteAsync(JobContext job, CancellationToken cancellationToken)
    {
        var customers = await FitAsync(job, cancellationToken);
        LogSucceeded(logger, job.Id, customers);
    }

    /// <summary>Only the fit's own reasons reach the user; anything else is the kit's fixed text.</summary>
    public string? DescribeFailure(Exception exception) =>
        exception is ClvFitException ? $"The model could not be fitted and stored no predictions: {exception.Message}" : null;

    /// <inheritdoc />
    public static IDomainEvent Failed(Guid id, string reason, DateTimeOffset occurredAt) => new ClvModelFailed(id, reason, occurredAt);

    private static async Task<int> FitAsync(JobContext job, CancellationToken cancellationToken)
    {
        // The kit holds the model's row for the whole computation; read the model.
        var modelId = job.Id;
        var options = job.Options;
        DateOnly calibrationEnd;
        int horizonDays;
        double discountRate;
        await using (var read = job.Command("SELECT calibration_end, horizon_days, monthly_discount_rate FROM clv_models WHERE id = @id"))
        {
            read.Parameters.AddWithValue("id", modelId);
            await using var reader = await read.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                throw new InvalidOperationException($"Model {modelId} does not exist.");
            }

            calibrationEnd = reader.GetFieldValue<DateOnly>(0);
            horizonDays = reader.GetInt32(1);
            discountRate = reader.GetDouble(2);
        }

        await job.ExecuteAsync($"SET LOCAL work_mem = '{options.WorkMemMegabytes}MB'", cancellationToken);
        var histories = await SummariseAsync(job, calibrationEnd, cancellationToken);
        job.ReportProgress(0.4);
        if (histories.Count == 0)
        {
            throw new ClvFitException($"No customer has a completed order on or before {calibrationEnd:yyyy-MM-dd}: there is nothing to fit.");
        }

        // Customers whose first purchase is on the calibration day itself (T = 0) carry no
        // information for the fit — nothing can have happened in no time, their likelihood is 1 —
        // so they are left out of it; they still get predictions.
        var summaries = histories.Select(h => h.Summary).Where(s => s.T > 0).ToList();
        var bgnbd = BgNbd.Fit(BgNbd.GroupIdentical(summaries));
        if (!bgnbd.Converged || bgnbd.Parameters is null)
        {
            throw new ClvFitException($"BG/NBD: {bgnbd.FailureReason ?? "the fit did not converge."}");
        }

        var gammaGamma = GammaGamma.Fit(GammaGamma.GroupIdentical(
            histories.Where(h => h.Summary.X > 0 && h.MeanSpend is not null).Select(h => new SpendSummary(h.Summary.X, h.MeanSpend!.Value))));
        if (!gammaGamma.Converged || gammaGamma.Parameters is null)
        {
            throw new ClvFitException($"Gamma-Gamma: {gammaGamma.FailureReason ?? "the fit did not converge."}");
        }

        if (!(gammaGamma.Parameters.Q > 1))
        {
            throw new ClvFitException($"Gamma-Gamma: q = {gammaGamma.Parameters.Q:G6} is not above 1, so the mean spend per purchase is infinite.");
        }

        job.ReportProgress(0.6);
        var predictions = Predict(histories, bgnbd.Parameters, gammaGamma.Parameters, horizonDays, discountRate);
        job.ReportProgress(0.7);
        await StoreAsync(job, predictions, cancellationToken);
        job.ReportProgress(0.95);
        await SucceedAsync(job, histories.Count, bgnbd, gammaGamma, cancellationToken);
        return histories.Count;
    }

    /// <summary>
    /// The success step, in the model's transaction (after its predictions were copied): the model
    /// is succeeded with its parameters. (Whatever else must commit with a success belongs here.)
    /// </summary>
    private static async Task SucceedAsync(JobContext job, int customers, ModelFitResult<BgNbdParameters> bgnbd, ModelFitResult<GammaGammaParameters> gammaGamma, CancellationToken cancellationToken)
    {
        var (r, alpha, a, b) = bgnbd.Parameters!;
        var (p, q, v) = gammaGamma.Parameters!;
        await using var finish = job.Command(
            """
            UPDATE clv_models SET status = 'succeeded', finished_at = clock_timestamp(), customers = @customers,
                   r = @r, alpha = @alpha, a = @a, b = @b, bgnbd_log_likelihood = @bll,
                   p = @p, q = @q, v = @v, gamma_gamma_log_likelihood = @gll, error = NULL
            WHERE id = @id
            """);
        finish.Parameters.AddWithValue("id", job.Id);
        finish.Parameters.AddWithValue("customers", customers);
        finish.Parameters.AddWithValue("r", r);
        finish.Parameters.AddWithValue("alpha", alpha);
        finish.Parameters.AddWithValue("a", a);
        finish.Parameters.AddWithValue("b", b);
        finish.Parameters.AddWithValue("bll", bgnbd.LogLikelihood);
        finish.Parameters.AddWithValue("p", p);
        finish.Parameters.AddWithValue("q", q);
        finish.Parameters.AddWithValue("v", v);
        finish.Parameters.AddWithValue("gll", gammaGamma.LogLikelihood);
        await finish.ExecuteNonQueryAsync(cancellationToken);
        job.Raise(new ClvModelSucceeded(job.Id, customers, job.Now));
    }

    /// <summary>
    /// Every live customer's calibration history in one statement: completed orders from 1970 on and
    /// on or before the calibration end, one purchase per distinct UTC day (amounts summed); x = days − 1, tₓ = last −
    /// first day, T = calibration end − first day, m̄ = mean spend of the days after the first (null when x = 0).
    /// </summary>
    private static async Task<List<CustomerHistory>> SummariseAsync(JobContext job, DateOnly calibrationEnd, CancellationToken cancellationToken)
    {
        await using var command = job.Command(
            """
            WITH purchase_days AS (
                SELECT o.customer_id, (o.ordered_at AT TIME ZONE 'UTC')::date AS day, sum(o.amount) AS spend
                FROM orders o
                WHERE o.status = 'completed' AND o.ordered_at < @end_exclusive
                  AND o.ordered_at >= '1970-01-01 00:00:00+00' -- rows stored before ADR 10's bounds (e.g. -infinity) are no purchase history
                  AND NOT EXISTS (SELECT 1 FROM customers c WHERE c.id = o.customer_id AND c.archived_at IS NOT NULL)
                GROUP BY o.customer_id, (o.ordered_at AT TIME ZONE 'UTC')::date)
            SELECT customer_id,
                   (count(*) - 1)::int AS x,
                   (max(day) - min(day))::int AS t_x,
                   (@end - min(day))::int AS age,
                   ((sum(spend) - (array_agg(spend ORDER BY day))[1]) / nullif(count(*) - 1, 0))::float8 AS mean_spend
            FROM purchase_days
            GROUP BY customer_id
            ORDER BY customer_id
            """);
        command.Parameters.Add(new NpgsqlParameter("end", NpgsqlDbType.Date) { Value = calibrationEnd });
        command.Parameters.Add(new NpgsqlParameter("end_exclusive", NpgsqlDbType.TimestampTz)
        {
            Value = new DateTimeOffset(calibrationEnd.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
        });
        var histories = new List<CustomerHistory>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            histories.Add(new CustomerHistory(
                reader.GetGuid(0),
                reader.GetInt32(1),
                reader.GetInt32(2),
                reader.GetInt32(3),
                reader.IsDBNull(4) ? null : reader.GetDouble(4)));
        }

        return histories;
    }

    private static Prediction[] Predict(
        List<CustomerHistory> histories, BgNbdParameters bgnbd, GammaGammaParameters gammaGamma, int horizonDays, double discountRate)
    {
        var predictions = new Prediction[histories.Count];
        Parallel.For(0, histories.Count, i =>
        {
            var history = histories[i];
            var summary = history.Summary;
            var pAlive = BgNbd.ProbabilityAlive(bgnbd, summary);
            var expectedPurchases = BgNbd.ConditionalExpectedPurchases(bgnbd, summary, horizonDays);
            var expectedSpend = summary.X > 0 && history.MeanSpend is { } meanSpend
                ? GammaGamma.ExpectedAverageSpend(gammaGamma, summary.X, meanSpend)
                : GammaGamma.PopulationMeanSpend(gammaGamma);
            var clv = ClvForecast.DiscountedValue(bgnbd, summary, expectedSpend, horizonDays, discountRate);
            predictions[i] = new Prediction(history, pAlive, expectedPurchases, expectedSpend, clv);
        });

        var invalid = predictions.FirstOrDefault(p => !p.IsFinite);
        if (invalid is not null)
        {
            throw new ClvFitException(
                $"The predictions of customer {invalid.History.CustomerId} (x = {invalid.History.Frequency}, tx = {invalid.History.RecencyDays}, T = {invalid.History.AgeDays}) " +
                $"are not finite: P(alive) = {invalid.PAlive:G6}, E[Y] = {invalid.ExpectedPurchases:G6}, E[M] = {invalid.ExpectedSpend:G6}, CLV = {invalid.Clv:G6}.");
        }

        return predictions;
    }

    private static async Task StoreAsync(JobContext job, Prediction[] predictions, CancellationToken cancellationToken)
    {
        await using var importer = await job.Connection.BeginBinaryImportAsync(
            """
            COPY clv_predictions (model_id, customer_id, frequency, recency_days, age_days, mean_spend, p_alive,
                                  expected_purchases, expected_average_order_value, clv, churn_risk)
            FROM STDIN (FORMAT BINARY)
            """,
            cancellationToken);
        importer.Timeout = TimeSpan.FromSeconds(job.Options.CommandTimeoutSeconds);
        foreach (var prediction in predictions)
        {
            var history = prediction.History;
            await importer.StartRowAsync(cancellationToken);
            await importer.WriteAsync(job.Id, NpgsqlDbType.Uuid, cancellationToken);
            await importer.WriteAsync(history.CustomerId, NpgsqlDbType.Uuid, cancellationToken);
            await importer.WriteAsync(history.Frequency, NpgsqlDbType.Integer, cancellationToken);
            await importer.WriteAsync(history.RecencyDays, NpgsqlDbType.Integer, cancellationToken);
            await importer.WriteAsync(history.AgeDays, NpgsqlDbType.Integer, cancellationToken);
            if (history.MeanSpend is { } meanSpend)
            {
                await importer.WriteAsync(meanSpend, NpgsqlDbType.Double, cancellationToken);
            }
            else
            {
                await importer.WriteNullAsync(cancellationToken);
            }

            await importer.WriteAsync(prediction.PAlive, NpgsqlDbType.Double, cancellationToken);
            await importer.WriteAsync(prediction.ExpectedPurchases, NpgsqlDbType.Double, cancellationToken);
            await importer.WriteAsync(Money(prediction.ExpectedSpend), NpgsqlDbType.Numeric, cancellationToken);
            await importer.WriteAsync(Money(prediction.Clv), NpgsqlDbType.Numeric, cancellationToken);
            await importer.WriteAsync(ClvForecast.ChurnRisk(prediction.PAlive), NpgsqlDbType.Varchar, cancellationToken);
        }

        await importer.CompleteAsync(cancellationToken);
    }

    /// <summary>Rounded to cents; the predictions were checked finite and are far below numeric(16,2)'s limit.</summary>
    private static decimal Money(double value) =>
        value < 1e13 ? decimal.Round((decimal)Math.Max(0, value), 2, MidpointRounding.AwayFromZero) : throw new ClvFitException($"A predicted amount of {value:G6} is too large to store.");

    [LoggerMessage(Level = LogLevel.Information, Message = "CLV model {ModelId} succeeded: {Customers} customers predicted")]
    private static partial void LogSucceeded(ILogger logger, Guid modelId, int customers);

    private sealed record CustomerHistory(Guid CustomerId, int Frequency, int RecencyDays, int AgeDays, double? MeanSpend)
    {
        public CustomerSummary Summary { get; } = new(Frequency, RecencyDays, AgeDays);
    }

    private sealed record Prediction(CustomerHistory History, double PAlive, double ExpectedPurchases, double ExpectedSpend, double Clv)
    {
        public bool IsFinite =>
            double.IsFinite(PAlive) && double.IsFinite(ExpectedPurchases) && double.IsFinite(ExpectedSpend) && double.IsFinite(Clv)
            && PAlive >= 0 && ExpectedPurchases >= 0 && ExpectedSpend >= 0 && Clv >= 0;
    }
}

/// <summary>The data cannot give a model: the reason is the model's error.</summary>
public sealed class ClvFitException : Exception
{
    public ClvFitException()
    {
    }

    public ClvFitException(string message)
        : base(message)
    {
    }

    public ClvFitException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
