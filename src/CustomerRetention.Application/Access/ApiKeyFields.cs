using CustomerRetention.Application.BuildingBlocks.Json;
using CustomerRetention.Domain.Access;
using FluentValidation;

namespace CustomerRetention.Application.Access;

/// <summary>The body of an API key request.</summary>
[ReadOnlyMember("id", ReadOnlyReasons.Id)]
[ReadOnlyMember("createdAt", ReadOnlyReasons.CreatedAt)]
[ReadOnlyMember("key", "'key' is read-only: the server generates it and shows it once.")]
[ReadOnlyMember("prefix", "'prefix' is read-only: it is part of the generated key.")]
[ReadOnlyMember("revokedAt", "'revokedAt' is read-only: DELETE revokes a key.")]
public sealed record ApiKeyFields
{
    /// <summary>What the key is for (1–100 characters), e.g. the integration's name. Required.</summary>
    public string? Name { get; init; }

    /// <summary>viewer, agent, manager, admin or integration. Required.</summary>
    public Role? Role { get; init; }

    /// <summary>When the key stops working (RFC 3339, in the future); none: it works until revoked.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }
}

/// <summary>
/// The input rules of <see cref="ApiKeyFields"/> (the OpenAPI document reads its bounds from here);
/// an expiry in the past is refused by the key itself (<see cref="ApiKey.Issue"/>).
/// </summary>
public sealed class ApiKeyFieldsValidator : AbstractValidator<ApiKeyFields>
{
    public ApiKeyFieldsValidator()
    {
        RuleFor(x => x.Name).NotEmpty().MaximumLength(ApiKey.NameMaxLength);
        RuleFor(x => x.Role).NotNull().IsInEnum();
    }
}
