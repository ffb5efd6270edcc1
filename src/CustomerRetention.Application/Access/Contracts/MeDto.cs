using CustomerRetention.Application.BuildingBlocks.Security;
using CustomerRetention.Domain.Access;

namespace CustomerRetention.Application.Access.Contracts;

/// <summary>The caller (<c>GET /api/v1/me</c>): the user or API key the credential names; <c>kind</c> is <c>user</c> or <c>api-key</c>.</summary>
public sealed record MeDto(Guid Id, string Name, Role Role, CallerKind Kind);
