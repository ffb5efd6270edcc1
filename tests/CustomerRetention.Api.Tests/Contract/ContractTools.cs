using System.Diagnostics;

namespace CustomerRetention.Api.Tests.Contract;

/// <summary>
/// The pinned tools of the contract tests: the npm tools of <c>tools/contract</c> (installed by
/// build/test.sh with <c>npm ci</c>) and the .NET SDK with its local tools (NSwag).
/// </summary>
internal static class ContractTools
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static string ToolsDirectory => Path.Combine(RepositoryRoot, "tools", "contract");

    /// <summary>Runs a tool of <c>tools/contract/node_modules/.bin</c> and returns its exit code and output.</summary>
    public static Task<(int ExitCode, string StandardOutput, string StandardError)> RunAsync(string tool, params string[] arguments)
    {
        var executable = Path.Combine(ToolsDirectory, "node_modules", ".bin", tool);
        Assert.True(
            File.Exists(executable),
            $"{executable} is missing: run build/test.sh (it runs 'npm ci' in tools/contract), or 'npm ci' there yourself.");
        return StartAsync(executable, arguments, []);
    }

    /// <summary>Runs a JavaScript file with Node.js, with extra environment variables.</summary>
    public static Task<(int ExitCode, string StandardOutput, string StandardError)> RunNodeAsync(string script, params (string Name, string Value)[] environment) =>
        StartAsync("node", [script], environment);

    /// <summary>Runs the .NET SDK (a build, a run, or a local tool of <c>.config/dotnet-tools.json</c>) from the repository root.</summary>
    public static Task<(int ExitCode, string StandardOutput, string StandardError)> RunDotnetAsync(
        IEnumerable<string> arguments, params (string Name, string Value)[] environment) =>
        StartAsync("dotnet", arguments, environment, RepositoryRoot);

    private static async Task<(int ExitCode, string StandardOutput, string StandardError)> StartAsync(
        string executable, IEnumerable<string> arguments, IEnumerable<(string Name, string Value)> environment, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(executable)
        {
            WorkingDirectory = workingDirectory ?? ToolsDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        start.Environment["NO_COLOR"] = "1";
        start.Environment["REDOCLY_TELEMETRY"] = "off";
        start.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !Directory.Exists(Path.Combine(directory.FullName, "tools", "contract")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("tools/contract was not found above " + AppContext.BaseDirectory);
    }
}
