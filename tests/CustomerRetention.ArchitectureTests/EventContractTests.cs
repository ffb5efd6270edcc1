using System.Reflection;
using CustomerRetention.Application.BuildingBlocks.Events;
using CustomerRetention.Domain.BuildingBlocks.Events;

namespace CustomerRetention.ArchitectureTests;

/// <summary>Every domain event is a documented public contract with the data it writes to the log.</summary>
public sealed class EventContractTests
{
    private static readonly List<Type> EventTypes = Layers.Domain.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IDomainEvent).IsAssignableFrom(t))
        .ToList();

    [Fact]
    public void Every_event_type_has_a_data_writer_in_the_application()
    {
        var written = Layers.Application.GetTypes()
            .SelectMany(t => t.GetInterfaces())
            .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEventData<>))
            .Select(i => i.GetGenericArguments()[0])
            .ToHashSet();

        Assert.True(EventTypes.Count >= 13, $"only {EventTypes.Count} event types found");
        Assert.Empty(EventTypes.Where(t => !written.Contains(t)).Select(t => t.FullName));
    }

    [Fact]
    public void Every_event_type_is_a_sealed_record_with_a_unique_dotted_name()
    {
        var names = EventTypes.Select(t => (Type: t, Name: t.GetField("EventType", BindingFlags.Public | BindingFlags.Static)?.GetRawConstantValue() as string)).ToList();

        Assert.All(names, n => Assert.Matches("^[a-z]+\\.[a-z]+(-[a-z]+)*$", n.Name ?? $"{n.Type.Name} has no EventType"));
        Assert.All(EventTypes, t => Assert.True(t.IsSealed && t.GetMethod("<Clone>$") is not null, $"{t.Name} is not a sealed record"));
        Assert.Equal(names.Count, names.Select(n => n.Name).Distinct().Count());
    }

    [Fact]
    public void Every_event_type_is_documented()
    {
        var doc = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "events.md"));

        Assert.All(EventTypes.Select(t => (string)t.GetField("EventType")!.GetRawConstantValue()!), name => Assert.Contains($"`{name}`", doc, StringComparison.Ordinal));
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "README.md")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("The repository root (README.md) was not found above " + AppContext.BaseDirectory);
    }
}
