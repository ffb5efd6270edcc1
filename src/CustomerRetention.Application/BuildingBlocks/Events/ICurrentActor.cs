namespace CustomerRetention.Application.BuildingBlocks.Events;

/// <summary>Who is making the current change: recorded as the <c>actor</c> of its events.</summary>
public interface ICurrentActor
{
    string Name { get; }
}

/// <summary>The actor of work no request asked for (background jobs, schedules).</summary>
public sealed class SystemActor : ICurrentActor
{
    public const string SystemName = "system";

    public string Name => SystemName;
}
