using CustomerRetention.Application.BuildingBlocks;
using CustomerRetention.Application.BuildingBlocks.Exceptions;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Domain.Access;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CustomerRetention.Application.Access.EnsureBootstrapApiKey;

/// <summary>
/// Makes the configured <c>Auth:BootstrapApiKey</c> an admin key (named <c>bootstrap</c>) unless a
/// key with that text exists already — revoked or not, so a revoked bootstrap key stays revoked
/// across restarts. Run at start-up; instances starting together race on the unique prefix, and
/// the loser finds the winner's row.
/// </summary>
public sealed record EnsureBootstrapApiKeyCommand(string Key) : ICommand;

public sealed class EnsureBootstrapApiKeyHandler(IApplicationDbContext db, TimeProvider clock) : ICommandHandler<EnsureBootstrapApiKeyCommand>
{
    public const string KeyName = "bootstrap";

    public async ValueTask<Unit> Handle(EnsureBootstrapApiKeyCommand command, CancellationToken cancellationToken)
    {
        var prefix = ApiKeySecret.LookupPrefix(command.Key);
        var existing = await db.ApiKeys.AsNoTracking().FirstOrDefaultAsync(k => k.Prefix == prefix, cancellationToken);
        if (existing is not null)
        {
            return ApiKeySecret.Matches(command.Key, existing.Salt, existing.Hash)
                ? Unit.Value
                : throw new InvalidOperationException("Auth:BootstrapApiKey shares its lookup prefix with another API key; choose another value.");
        }

        db.ApiKeys.Add(ApiKey.Issue(command.Key, KeyName, Role.Admin, null, clock.UtcNowMicroseconds()));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (UniqueConstraintViolationException)
        {
            // Another instance created it between the read and the insert.
        }

        return Unit.Value;
    }
}
