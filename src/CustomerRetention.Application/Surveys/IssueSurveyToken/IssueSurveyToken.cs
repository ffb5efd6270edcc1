using CustomerRetention.Application.BuildingBlocks;
using CustomerRetention.Application.BuildingBlocks.Exceptions;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CustomerRetention.Application.Surveys.IssueSurveyToken;

/// <summary>The token of an automated send, handed out once, and when it stops taking a response.</summary>
public sealed record SurveyTokenDto(Guid SendId, string Token, DateTimeOffset? ExpiresAt);

/// <summary>
/// Hands out the token of an automated send (a post-purchase survey: made by a run, with nobody
/// to return a token to) to the integration that delivers it, once: the token is made now and
/// only its hash is stored, so a second request is 409 <c>survey-token-issued</c>, as is one for a
/// send made through the API (its token was in that answer). An agent reaches the sends of the
/// customers it owns only (another's → 404).
/// </summary>
public sealed record IssueSurveyTokenCommand(Guid SurveyId, Guid SendId) : ICommand<SurveyTokenDto>;

public sealed class IssueSurveyTokenHandler(IApplicationDbContext db, TimeProvider clock) : ICommandHandler<IssueSurveyTokenCommand, SurveyTokenDto>
{
    public async ValueTask<SurveyTokenDto> Handle(IssueSurveyTokenCommand command, CancellationToken cancellationToken)
    {
        var send = await db.SurveySends.FirstOrDefaultAsync(s => s.Id == command.SendId && s.SurveyId == command.SurveyId, cancellationToken)
            ?? throw new NotFoundException("Survey send", command.SendId);
        var token = SurveyTokens.New();
        send.IssueToken(SurveyTokens.Hash(token), clock.UtcNowMicroseconds());
        await db.SaveChangesAsync(cancellationToken);
        return new SurveyTokenDto(send.Id, token, send.ExpiresAt);
    }
}
