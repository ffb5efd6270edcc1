using CustomerRetention.Application.BuildingBlocks.Json;

namespace CustomerRetention.Api.BuildingBlocks.Http;

/// <summary>Reading values the HTTP layer owns: enum query parameters, and the retired actor header.</summary>
internal static class RequestValues
{
    /// <summary>
    /// The header that named the actor before authentication (removed: the actor comes from the
    /// credential, and a request that still sends it is refused by <see cref="RetiredActorHeader"/>).
    /// The OpenAPI document declares it until its filter is updated.
    /// </summary>
    public const string ActorHeader = "X-Actor";

    /// <summary>The bound the OpenAPI document still declares for <see cref="ActorHeader"/>.</summary>
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

    /// <summary>A list of enum values, comma-separated (<c>open,acknowledged</c>), each as <see cref="Enum{TEnum}"/> reads it; null when absent.</summary>
    public static IReadOnlyList<TEnum>? Enums<TEnum>(string? value, string name)
        where TEnum : struct, Enum =>
        value?.Split(',').Select(v => Enum<TEnum>(v.Trim(), name)!.Value).Distinct().ToArray();
}
