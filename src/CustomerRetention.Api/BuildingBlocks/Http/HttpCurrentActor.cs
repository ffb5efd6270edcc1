using CustomerRetention.Application.BuildingBlocks.Events;

namespace CustomerRetention.Api.BuildingBlocks.Http;

/// <summary>
/// The actor of a request (<c>X-Actor</c>, checked as <see cref="RequestValues.Actor"/> checks
/// it); <c>system</c> outside a request (background jobs run in their own scopes).
/// </summary>
public sealed class HttpCurrentActor(IHttpContextAccessor accessor) : ICurrentActor
{
    public string Name => accessor.HttpContext is { } context ? RequestValues.Actor(context.Request) : SystemActor.SystemName;
}
