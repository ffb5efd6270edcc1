using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Application.BuildingBlocks.Security;
using CustomerRetention.Domain.Access;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CustomerRetention.Application.Access.AuthenticateApiKey;

/// <summary>
/// The caller a presented API key stands for, or null when the key is unknown, revoked or
/// expired. Read from the table each time, so a revocation takes effect on the next request.
/// </summary>
public sealed record AuthenticateApiKeyQuery(string Key) : IQuery<Caller?>;

public sealed class AuthenticateApiKeyHandler(IApplicationDbContext db, TimeProvider clock) : IQueryHandler<AuthenticateApiKeyQuery, Caller?>
{
    public async ValueTask<Caller?> Handle(AuthenticateApiKeyQuery query, CancellationToken cancellationToken)
    {
        var prefix = ApiKeySecret.LookupPrefix(query.Key);
        var apiKey = await db.ApiKeys.AsNoTracking().FirstOrDefaultAsync(k => k.Prefix == prefix, cancellationToken);
        return apiKey is not null && apiKey.Accepts(query.Key, clock.GetUtcNow())
            ? new Caller(apiKey.Id, apiKey.Name, apiKey.Role, CallerKind.ApiKey)
            : null;
    }
}
