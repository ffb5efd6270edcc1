using CustomerRetention.Infrastructure.BuildingBlocks.Sql;

namespace CustomerRetention.Infrastructure.Surveys;

/// <summary>The SQL the set-based survey statements share.</summary>
internal static class SurveySendSql
{
    /// <summary>A send as the API returns it (SurveySendDto without its token), from the columns of <paramref name="e"/>, as the survey events carry it.</summary>
    public static string State(string e) =>
        $"""
        jsonb_build_object(
            'id', {e}.id, 'surveyId', {e}.survey_id, 'customerId', {e}.customer_id, 'channel', {e}.channel,
            'context', CASE WHEN {e}.context_type IS NULL THEN NULL ELSE jsonb_build_object('type', {e}.context_type, 'id', {e}.context_id) END,
            'status', {e}.status, 'sentAt', {SqlText.Timestamp($"{e}.sent_at")}, 'expiresAt', {SqlText.Timestamp($"{e}.expires_at")},
            'throttledBy', {e}.throttled_by, 'respondedAt', {SqlText.Timestamp($"{e}.responded_at")}, 'responseId', {e}.response_id,
            'createdAt', {SqlText.Timestamp($"{e}.created_at")}, 'updatedAt', {SqlText.Timestamp($"{e}.updated_at")})
        """;
}
