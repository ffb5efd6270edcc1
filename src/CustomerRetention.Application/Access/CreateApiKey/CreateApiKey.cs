using AutoMapper;
using CustomerRetention.Application.Access.Contracts;
using CustomerRetention.Application.BuildingBlocks;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Domain.Access;
using Mediator;

namespace CustomerRetention.Application.Access.CreateApiKey;

/// <summary>Issue an API key; the response is the only place its text ever appears.</summary>
public sealed record CreateApiKeyCommand(ApiKeyFields Fields) : ICommand<IssuedApiKeyDto>;

public sealed class CreateApiKeyHandler(IApplicationDbContext db, IMapper mapper, TimeProvider clock) : ICommandHandler<CreateApiKeyCommand, IssuedApiKeyDto>
{
    public async ValueTask<IssuedApiKeyDto> Handle(CreateApiKeyCommand command, CancellationToken cancellationToken)
    {
        var key = ApiKeySecret.Generate();
        var expiresAt = command.Fields.ExpiresAt is { } expiry ? Time.ToMicroseconds(expiry) : (DateTimeOffset?)null;
        var apiKey = ApiKey.Issue(key, command.Fields.Name!.Trim(), command.Fields.Role!.Value, expiresAt, clock.UtcNowMicroseconds());
        db.ApiKeys.Add(apiKey);
        await db.SaveChangesAsync(cancellationToken);
        return mapper.Map<IssuedApiKeyDto>(apiKey) with { Key = key };
    }
}
