using CustomerRetention.Application.BuildingBlocks;
using CustomerRetention.Application.BuildingBlocks.Exceptions;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CustomerRetention.Application.Access.RevokeApiKey;

/// <summary>
/// Revoke an API key: the next request with it is refused (keys are checked against the table on
/// every request, nothing is cached). The row stays, with <c>revokedAt</c>; revoking again changes nothing.
/// </summary>
public sealed record RevokeApiKeyCommand(Guid Id) : ICommand;

public sealed class RevokeApiKeyHandler(IApplicationDbContext db, TimeProvider clock) : ICommandHandler<RevokeApiKeyCommand>
{
    public async ValueTask<Unit> Handle(RevokeApiKeyCommand command, CancellationToken cancellationToken)
    {
        var apiKey = await db.ApiKeys.FirstOrDefaultAsync(k => k.Id == command.Id, cancellationToken)
            ?? throw new NotFoundException($"API key {command.Id} was not found.");
        apiKey.Revoke(clock.UtcNowMicroseconds());
        await db.SaveChangesAsync(cancellationToken);
        return Unit.Value;
    }
}
