using CustomerRetention.Application.BuildingBlocks.Json;

namespace CustomerRetention.Api.BuildingBlocks.Http;

/// <summary>Reading values the HTTP layer owns: enum query parameters and the acting user.</summary>
internal static class RequestValues
{
    public const string ActorHeader = "X-Actor";
    private const string AnonymousActor = "anonymous";
    public const int ActorMaxLength = 200;

    /// <summary>
    /// An enum query parameter in its JSON spelling (<c>email</c>, <c>cancelled</c>). Unlike the
    /// framework's binding, numbers and other casings are refused, with the allowed values named.
    /// </summary>
    public static TEnum? Enum<TEnum>(string? value, string name)
        where TEnum : struct, Enum
    {
        if (value is null)
        {
            return null;
        }

        foreach (var candidate in System.Enum.GetValues<TEnum>())
        {
            if (ApiJson.EnumValue(candidate) == value)
            {
                return candidate;
            }
        }

        throw new RequestRejectedException(
            StatusCodes.Status400BadRequest,
            $"The query parameter '{name}' has an unknown value.",
            new Dictionary<string, string[]> { [name] = [$"Must be one of: {string.Join(", ", ApiJson.EnumValues(typeof(TEnum)))}."] });
    }

    /// <summary>
    /// Who is acting: the <c>X-Actor</c> header until authentication arrives (SPEC §11), else
    /// <c>anonymous</c>. Recorded on stage transitions and deletions.
    /// </summary>
    public static string Actor(HttpRequest request)
    {
        var actor = request.Headers[ActorHeader].ToString().Trim();
        if (actor.Length > ActorMaxLength)
        {
            throw new RequestRejectedException(
                StatusCodes.Status400BadRequest,
                $"The {ActorHeader} header is longer than {ActorMaxLength} characters.",
                new Dictionary<string, string[]> { [ActorHeader] = [$"At most {ActorMaxLength} characters."] });
        }

        if (InputText.Problem(actor) is { } problem)
        {
            throw new RequestRejectedException(
                StatusCodes.Status400BadRequest,
                $"The {ActorHeader} header contains characters that are not accepted.",
                new Dictionary<string, string[]> { [ActorHeader] = [problem] });
        }

        return actor.Length == 0 ? AnonymousActor : actor;
    }
}
