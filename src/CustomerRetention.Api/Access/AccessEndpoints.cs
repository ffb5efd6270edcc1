using CustomerRetention.Api.BuildingBlocks.Http;
using CustomerRetention.Api.BuildingBlocks.Security;
using CustomerRetention.Application.Access;
using CustomerRetention.Application.Access.Contracts;
using CustomerRetention.Application.Access.CreateApiKey;
using CustomerRetention.Application.Access.GetMe;
using CustomerRetention.Application.Access.ListApiKeys;
using CustomerRetention.Application.Access.RevokeApiKey;
using CustomerRetention.Application.BuildingBlocks.Paging;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace CustomerRetention.Api.Access;

/// <summary>Who is calling, and the API keys of integrations (SPEC §11).</summary>
public static class AccessEndpoints
{
    public static IEndpointRouteBuilder MapAccess(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/me", GetMe)
            .WithTags("Access")
            .GuardQueryString()
            .WithName(nameof(GetMe))
            .RequireAuthorization(Policies.Caller)
            .WithSummary("The caller")
            .WithDescription("The user (bearer token) or API key this request's credential names: `id` (the token's `sub` or the key's id), `name`, `role` and `kind` (`user` or `api-key`).");

        var keys = app.MapGroup("/api/v1/api-keys").WithTags("Access").GuardQueryString();
        keys.MapPost("/", CreateApiKey)
            .WithName(nameof(CreateApiKey))
            .RequireAuthorization(Policies.Admin)
            .WithSummary("Issue an API key")
            .WithDescription("`name` and `role` required, `expiresAt` optional (in the future). The response holds the key (`key`, for the `X-Api-Key` header) this once: only its prefix and a salted hash are stored.")
            .Accepts<ApiKeyFields>("application/json")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        keys.MapGet("/", ListApiKeys)
            .WithName(nameof(ListApiKeys))
            .RequireAuthorization(Policies.Admin)
            .WithSummary("The API keys")
            .WithDescription("Newest first, revoked ones included (with `revokedAt`); never a key itself.")
            .ProducesValidationProblem();
        keys.MapDelete("/{id:guid}", RevokeApiKey)
            .WithName(nameof(RevokeApiKey))
            .RequireAuthorization(Policies.Admin)
            .WithSummary("Revoke an API key")
            .WithDescription("The next request with the key is 401. The key stays in the list with `revokedAt`; revoking it again is a 204 that changes nothing.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    public static async Task<Ok<MeDto>> GetMe(ISender sender, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new GetMeQuery(), cancellationToken));

    public static async Task<Created<IssuedApiKeyDto>> CreateApiKey(JsonBody<ApiKeyFields> body, ISender sender, CancellationToken cancellationToken)
    {
        var issued = await sender.Send(new CreateApiKeyCommand(body.Value), cancellationToken);
        return TypedResults.Created($"/api/v1/api-keys/{issued.Id}", issued);
    }

    /// <param name="limit">Page size, 1–200 (default 50).</param>
    /// <param name="cursor">The nextCursor of the previous page.</param>
    /// <param name="sender">The mediator.</param>
    /// <param name="cancellationToken">Aborted with the request.</param>
    public static async Task<Ok<Page<ApiKeyDto>>> ListApiKeys([FromQuery] int? limit, [FromQuery] string? cursor, ISender sender, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new ListApiKeysQuery(limit, cursor), cancellationToken));

    public static async Task<NoContent> RevokeApiKey(Guid id, ISender sender, CancellationToken cancellationToken)
    {
        await sender.Send(new RevokeApiKeyCommand(id), cancellationToken);
        return TypedResults.NoContent();
    }
}
