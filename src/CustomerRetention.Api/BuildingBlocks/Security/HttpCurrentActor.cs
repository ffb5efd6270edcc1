using CustomerRetention.Application.BuildingBlocks.Events;
using CustomerRetention.Application.BuildingBlocks.Security;

namespace CustomerRetention.Api.BuildingBlocks.Security;

/// <summary>
/// The caller and actor of a request, from its authenticated credential: changes record
/// <c>user:&lt;sub&gt;</c> or <c>api-key:&lt;id&gt;</c> (<see cref="Caller.Actor"/>). Outside a request
/// (background jobs run in scopes of their own) the actor is <c>system</c>.
/// </summary>
public sealed class HttpCurrentActor(IHttpContextAccessor accessor) : ICurrentActor, ICurrentCaller
{
    /// <summary>The actor of a request without a valid credential; only anonymous endpoints see it (the public survey response is the one that writes).</summary>
    public const string Anonymous = "anonymous";

    public Caller? Caller => accessor.HttpContext is { } context ? CallerClaims.Read(context.User) : null;

    public string Name => accessor.HttpContext is null ? SystemActor.SystemName : Caller?.Actor ?? Anonymous;
}
