namespace CustomerRetention.ArchitectureTests.Fixtures.Alpha.Packed;

/// <summary>Fixture: one folder packing two use cases, neither named for the folder (violations).</summary>
public sealed record FirstQuery;

public sealed record SecondCommand;

public sealed class FirstHandler;
