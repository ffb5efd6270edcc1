using CustomerRetention.Application.BuildingBlocks.Json;
using CustomerRetention.Domain.Lifecycle;

namespace CustomerRetention.Application.Lifecycle.Contracts;

/// <summary>The lifecycle stages as the API spells them, for other modules' scopes (cadence policies).</summary>
internal static class LifecycleVocabulary
{
    public static IReadOnlyList<string> Stages { get; } = ApiJson.EnumValues(typeof(LifecycleStage));
}
