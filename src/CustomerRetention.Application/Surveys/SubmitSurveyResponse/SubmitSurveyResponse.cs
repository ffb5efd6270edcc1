using CustomerRetention.Application.BuildingBlocks;
using CustomerRetention.Application.BuildingBlocks.Events;
using CustomerRetention.Application.BuildingBlocks.Exceptions;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Domain.Surveys;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CustomerRetention.Application.Surveys.SubmitSurveyResponse;

/// <summary>The body of the public endpoint.</summary>
public sealed record PublicSurveyResponseRequest
{
    /// <summary>0–10 for an NPS survey, 1–5 for a CSAT survey. Required.</summary>
    public int? Score { get; init; }

    /// <summary>At most 2000 characters.</summary>
    public string? Comment { get; init; }
}

/// <summary>
/// The customer answers through the token of a send (no credential: the token is one). An unknown
/// token is 404 and a used, expired or undelivered one 409, with messages that name neither the
/// customer nor the survey; the channel is the send's, the time now.
/// </summary>
public sealed record SubmitSurveyResponseCommand(string Token, PublicSurveyResponseRequest Request) : ICommand<SurveyReceiptDto>;

public sealed class SubmitSurveyResponseHandler(IApplicationDbContext db, TimeProvider clock, ICurrentActor actor)
    : ICommandHandler<SubmitSurveyResponseCommand, SurveyReceiptDto>
{
    private const string Unknown = "No survey answers to this token.";

    public async ValueTask<SurveyReceiptDto> Handle(SubmitSurveyResponseCommand command, CancellationToken cancellationToken)
    {
        if (command.Token.Length is 0 or > SurveyTokens.MaxLength || !command.Token.StartsWith(SurveyTokens.Prefix, StringComparison.Ordinal))
        {
            throw new NotFoundException(Unknown);
        }

        var hash = SurveyTokens.Hash(command.Token);
        var send = await db.SurveySends.AsNoTracking().FirstOrDefaultAsync(s => s.TokenHash == hash, cancellationToken)
            ?? throw new NotFoundException(Unknown);
        var survey = await db.Surveys.AsNoTracking().FirstAsync(s => s.Id == send.SurveyId, cancellationToken);
        var now = clock.UtcNowMicroseconds();
        send.EnsureOpen(now);
        var answer = new SurveyAnswer(command.Request.Score!.Value, string.IsNullOrWhiteSpace(command.Request.Comment) ? null : command.Request.Comment, send.Channel, now);
        try
        {
            var response = await SurveyResponseWriter.RecordAsync(db, survey, send.Id, send.CustomerId, answer, SurveyResponseSource.Public, actor.Name, now, cancellationToken);
            return new SurveyReceiptDto(response.Score, response.Comment, response.RespondedAt);
        }
        catch (NotFoundException)
        {
            throw new NotFoundException(Unknown); // the customer was archived since: say no more than for any unknown token
        }
    }
}
