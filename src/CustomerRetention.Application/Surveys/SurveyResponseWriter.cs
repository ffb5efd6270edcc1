using CustomerRetention.Application.BuildingBlocks.Exceptions;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Application.Customers.Contracts;
using CustomerRetention.Application.Segmentation.Contracts;
using CustomerRetention.Domain.BuildingBlocks;
using CustomerRetention.Domain.Surveys;
using Microsoft.EntityFrameworkCore;

namespace CustomerRetention.Application.Surveys;

/// <summary>
/// Records a response in one transaction, serialized per customer by its row lock: the snapshot
/// (the customer's RFM segment in the latest succeeded run and its lifecycle stage, both read
/// under the lock), the response, the send marked responded and, through
/// <c>survey.response-received</c>, the interaction. The partial unique index on the send
/// (one response per send) is the last word on a second submit.
/// </summary>
internal static class SurveyResponseWriter
{
    /// <param name="db">The unit of work.</param>
    /// <param name="survey">The survey answered.</param>
    /// <param name="sendId">The send answered, or null for an agent's response without one.</param>
    /// <param name="customerId">The customer who answered.</param>
    /// <param name="answer">The score, comment, channel and time; the channel null: the send's (or other).</param>
    /// <param name="source">Agent or public.</param>
    /// <param name="actor">Who recorded it.</param>
    /// <param name="now">The time of the write.</param>
    /// <param name="cancellationToken">Aborted with the request.</param>
    public static async Task<SurveyResponse> RecordAsync(
        IApplicationDbContext db, Survey survey, Guid? sendId, Guid customerId, SurveyAnswer answer, SurveyResponseSource source, string actor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var stage = await db.LockLiveAsync(customerId, cancellationToken);
        var send = sendId is { } id ? await db.SurveySends.FirstAsync(s => s.Id == id, cancellationToken) : null;
        var scores = await db.LatestRfmScoresAsync([customerId], cancellationToken);
        var rfm = scores.GetValueOrDefault(customerId);
        var snapshot = new SurveySnapshot(rfm?.Segment, rfm?.RunId, stage);
        var response = SurveyResponse.Record(survey, send, customerId, answer, snapshot, source, actor, now);
        db.SurveyResponses.Add(response);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (Exception e) when (e is UniqueConstraintViolationException or ConcurrencyConflictException)
        {
            throw new DomainException(SurveySend.AlreadyAnsweredCode, "This survey was answered already: a survey takes one response.");
        }

        await transaction.CommitAsync(cancellationToken);
        return response;
    }
}
