namespace CustomerRetention.ArchitectureTests.Fixtures.Alpha;

/// <summary>Fixture: the handler of <see cref="DoOther.DoOtherCommand"/> outside its use-case folder (a violation).</summary>
public sealed class DoOtherHandler;
