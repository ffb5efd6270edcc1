namespace CustomerRetention.Infrastructure.BuildingBlocks.Idempotency;

/// <summary>How long keys are kept (<c>Idempotency:RetentionHours</c>, at least 1; default 24).</summary>
public sealed record IdempotencyOptions(int RetentionHours)
{
    public const int DefaultHours = 24;

    /// <summary>Every hour at minute 20 (UTC), away from the event retention on the hour.</summary>
    public const string DefaultSchedule = "20 * * * *";

    /// <summary>
    /// A claim still in flight after this long belongs to an attempt that died without releasing it
    /// (its instance stopped, or the database went away mid-request): a retry may take it over. No
    /// request runs this long (the database statements and the clients time out far sooner).
    /// </summary>
    public static readonly TimeSpan AbandonedAfter = TimeSpan.FromMinutes(5);

    /// <summary><c>Idempotency:RetentionHours</c>: a whole number of hours, at least 1 (default 24).</summary>
    public static IdempotencyOptions Read(string? configured)
    {
        if (string.IsNullOrWhiteSpace(configured))
        {
            return new IdempotencyOptions(DefaultHours);
        }

        return int.TryParse(configured, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var hours) && hours >= 1
            ? new IdempotencyOptions(hours)
            : throw new InvalidOperationException($"Idempotency:RetentionHours must be a whole number of hours, at least 1 (got '{configured}').");
    }
}
