namespace CustomerRetention.Infrastructure.BuildingBlocks.Sql;

/// <summary>
/// SQL expressions the set-based statements share (imports, alert evaluations, follow-up runs,
/// event reactions) so that what they write looks exactly like what a request writes.
/// </summary>
internal static class SqlText
{
    /// <summary>A UUID version 7 (time-ordered, as <c>Guid.CreateVersion7</c>) made in SQL at the clock's current millisecond.</summary>
    public static readonly string NewId = NewIdAt("clock_timestamp()");

    /// <summary>
    /// A UUID version 7 for the time <paramref name="time"/> (PostgreSQL 15 has no <c>uuidv7()</c>):
    /// the time's milliseconds in the first 48 bits over a random UUID, version bits 0111.
    /// </summary>
    public static string NewIdAt(string time) =>
        $"encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid()) placing substring(int8send(floor(extract(epoch FROM {time}) * 1000)::bigint) FROM 3) FROM 1 FOR 6), 52, 1), 53, 1), 'hex')::uuid";

    /// <summary>A timestamp as the API writes it (UTC, <c>Z</c>, no trailing zeros); null stays null.</summary>
    public static string Timestamp(string expression) =>
        $"""to_char(({expression}) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS') || coalesce('.' || nullif(rtrim(to_char(({expression}) AT TIME ZONE 'UTC', 'US'), '0'), ''), '') || 'Z'""";
}
