namespace CustomerRetention.ArchitectureTests.Fixtures.Alpha.DoOther;

/// <summary>Fixture: a command whose handler was left at the module root (see <c>AlphaModule.cs</c>).</summary>
public sealed record DoOtherCommand;
