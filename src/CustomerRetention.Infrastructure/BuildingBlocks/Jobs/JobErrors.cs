namespace CustomerRetention.Infrastructure.BuildingBlocks.Jobs;

/// <summary>
/// The <c>error</c> a failed job shows its user. Never an exception's message, which may be a raw
/// PostgreSQL text (<c>22008: cannot subtract infinite dates</c>); the server log has that, under
/// the job's id. An engine's own domain reasons (a CLV fit that cannot converge) are its own text.
/// </summary>
internal static class JobErrors
{
    /// <summary>Something unexpected: a bug or data the engine did not foresee.</summary>
    public static string Internal(string job, string outputs, Guid id) =>
        $"The {job} failed because of an internal error and stored no {outputs}; the server log has the details ({job} id {id}).";

    /// <summary>The database became unavailable while the job ran (docs/decisions/0009-database-outages.md).</summary>
    public static string Outage(string job, string outputs) =>
        $"The {job} failed because the database became unavailable while it ran, and stored no {outputs}. Start a new {job}.";
}
