namespace CustomerRetention.Api.BuildingBlocks.Http;

/// <summary>
/// Refuses requests that still send <c>X-Actor</c>: the actor now comes from the credential, and a
/// client that believes it names the actor should learn at once rather than have its changes
/// silently recorded under another name.
/// </summary>
internal static class RetiredActorHeader
{
    public static IApplicationBuilder UseRetiredActorHeader(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            if (context.Request.Headers.ContainsKey(RequestValues.ActorHeader))
            {
                throw new RequestRejectedException(
                    StatusCodes.Status400BadRequest,
                    $"The {RequestValues.ActorHeader} header was removed: the actor of a change is the caller of the credential (bearer token or API key).",
                    new Dictionary<string, string[]> { [RequestValues.ActorHeader] = ["Removed; the actor comes from the credential."] });
            }

            return next(context);
        });
}
