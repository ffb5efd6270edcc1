using System.Data.Common;

namespace CustomerRetention.Application.Surveys.Contracts;

/// <summary>
/// What other modules (the post-purchase reminder of FollowUps) ask of the surveys: whether a
/// survey can be sent automatically, and a batch of automated sends made set-based in the
/// caller's transaction, with the throttle of <c>POST /api/v1/surveys/{id}/sends</c> and the
/// same <c>survey.sent</c> / <c>survey.throttled</c> events (actor <c>system</c>). An automated
/// send carries a <c>dedupeKey</c> (at most one send per key, ever) and no token: nobody is there
/// to receive it; the integration that delivers the survey fetches it once with
/// <c>POST /api/v1/surveys/{id}/sends/{sendId}/token</c>.
/// </summary>
public interface IAutomatedSurveySends
{
    /// <summary>The survey's status (draft, active or archived), or null when there is no such survey.</summary>
    Task<string?> StatusOfAsync(Guid surveyId, CancellationToken cancellationToken);

    /// <summary>
    /// Sends survey <paramref name="surveyId"/> on <paramref name="channel"/> (an API channel
    /// name) for every row of the caller's temporary table <see cref="AutomatedSendBatch.Table"/>
    /// whose dedupe key has no send yet, on <paramref name="connection"/> (inside its open
    /// transaction). When the survey is not active (archived, a draft, deleted) nothing is sent
    /// and the answer says so.
    /// </summary>
    Task<AutomatedSendCounts> SendAsync(DbConnection connection, Guid surveyId, string channel, DateTimeOffset now, CancellationToken cancellationToken);
}

/// <summary>The caller's batch: a temporary table the caller fills before <see cref="IAutomatedSurveySends.SendAsync"/>.</summary>
public static class AutomatedSendBatch
{
    /// <summary>Columns: <c>customer_id uuid, context_type text, context_id uuid, dedupe_key text, ordinal bigint</c> (a customer's rows are sent in ordinal order: the first may be sent, the later ones are throttled by it).</summary>
    public const string Table = "survey_send_batch";

    public const string Create =
        $"CREATE TEMP TABLE {Table} (customer_id uuid NOT NULL, context_type text NOT NULL, context_id uuid NOT NULL, dedupe_key text NOT NULL, ordinal bigint NOT NULL) ON COMMIT DROP";

    public const string Drop = $"DROP TABLE {Table}";
}

/// <summary>What a batch did: whether the survey was active, and the sends recorded sent and throttled.</summary>
public sealed record AutomatedSendCounts(bool SurveyActive, long Sent, long Throttled);
