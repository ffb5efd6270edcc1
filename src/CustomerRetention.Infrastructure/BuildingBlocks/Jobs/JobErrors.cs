namespace CustomerRetention.Infrastructure.BuildingBlocks.Jobs;

/// <summary>
/// The <c>error</c> a failed job shows its user. Never an exception's message, which may be a raw
/// PostgreSQL text (<c>22008: cannot subtract infinite dates</c>); the server log has that, under
/// the job's id. An engine's own domain reasons (a CLV fit that cannot converge) are its own text.
/// </summary>
internal static class JobErrors
{
    /// <summary>Something unexpected: a bug or data the engine did not foresee.</summary>
    public static string Internal(JobDescription job, Guid id) =>
        $"The {job.Noun} failed because of an internal error and stored no {job.Outputs}; the server log has the details ({job.Noun} id {id}).";

    /// <summary>The database became unavailable while the job ran (docs/decisions/0009-database-outages.md).</summary>
    public static string Outage(JobDescription job) =>
        $"The {job.Noun} failed because the database became unavailable while it ran, and stored no {job.Outputs}. Start a new {job.Noun}.";

    /// <summary>
    /// The instance running the job stopped (docs/decisions/0013-one-job-kit.md): a <c>format()</c>
    /// text for SQL, whose <c>%s</c> are the instance's name and the last heartbeat (UTC).
    /// </summary>
    public static string Stopped(JobDescription job) =>
        $"The API instance running this {job.Noun} (%s) stopped: no heartbeat since %s. It stored no {job.Outputs}; start a new {job.Noun}.";
}
