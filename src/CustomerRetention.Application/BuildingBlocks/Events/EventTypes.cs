using System.Reflection;
using CustomerRetention.Domain.BuildingBlocks.Events;

namespace CustomerRetention.Application.BuildingBlocks.Events;

/// <summary>
/// The public event types: the <c>EventType</c> constant of every <see cref="IDomainEvent"/> of
/// the Domain. Feed filters are checked against this list.
/// </summary>
public static class EventTypes
{
    private static readonly Lazy<IReadOnlyList<string>> Known = new(() => typeof(IDomainEvent).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IDomainEvent).IsAssignableFrom(t))
        .Select(t => t.GetField("EventType", BindingFlags.Public | BindingFlags.Static)?.GetRawConstantValue() as string
            ?? throw new InvalidOperationException($"{t.FullName} declares no public const string EventType."))
        .Order(StringComparer.Ordinal)
        .ToArray());

    /// <summary>Every event type, sorted.</summary>
    public static IReadOnlyList<string> All => Known.Value;

    /// <summary>
    /// Expands a filter: an exact type, or a family <c>customer.*</c> (every type of the family).
    /// Null when the pattern names no known type.
    /// </summary>
    public static IReadOnlyList<string>? Expand(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        if (pattern.EndsWith(".*", StringComparison.Ordinal))
        {
            var family = pattern[..^1];
            var members = All.Where(t => t.StartsWith(family, StringComparison.Ordinal)).ToArray();
            return members.Length == 0 ? null : members;
        }

        return All.Contains(pattern, StringComparer.Ordinal) ? [pattern] : null;
    }
}
