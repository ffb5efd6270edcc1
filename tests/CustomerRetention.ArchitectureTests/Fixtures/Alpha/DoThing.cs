namespace CustomerRetention.ArchitectureTests.Fixtures.Alpha.DoThing;

/// <summary>Fixture: a use case in its own folder, as it should be.</summary>
public sealed record DoThingQuery;

public sealed class DoThingHandler;
