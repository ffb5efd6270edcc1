namespace CustomerRetention.Application.BuildingBlocks;

public static class Time
{
    /// <summary>
    /// PostgreSQL keeps microseconds; truncating here makes what a create returns equal to what a
    /// later read returns.
    /// </summary>
    public static DateTimeOffset ToMicroseconds(this DateTimeOffset value) =>
        new(value.UtcTicks - (value.UtcTicks % 10), TimeSpan.Zero);

    public static DateTimeOffset UtcNowMicroseconds(this TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        return clock.GetUtcNow().ToMicroseconds();
    }
}
