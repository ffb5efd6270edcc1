using System.Diagnostics;
using System.Text.RegularExpressions;

namespace CustomerRetention.Api.Tests.Hosting;

/// <summary>
/// <c>build/run.sh</c> up to the point where it hands over to <c>dotnet run</c>, with a stand-in
/// <c>dotnet</c> on PATH that prints what it was asked to do: the banner shows the connection
/// string used (password masked) and the start is asked to leave out the mirror's NU1603 lines.
/// </summary>
public sealed class RunScriptTests
{
    [Fact]
    public async Task run_sh_prints_the_connection_string_it_uses_and_starts_quietly()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // a bash script; the project is developed and run on Linux
        }

        var root = RepositoryRoot();
        var bin = Directory.CreateTempSubdirectory("cr-run-sh-");
        try
        {
            var fake = Path.Combine(bin.FullName, "dotnet");
            await File.WriteAllTextAsync(fake, "#!/usr/bin/env bash\necho \"fake-dotnet $*\"\n");
            File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            var start = new ProcessStartInfo("bash", [Path.Combine(root, "build", "run.sh")])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = root,
            };
            start.Environment["PATH"] = bin.FullName + ":" + Environment.GetEnvironmentVariable("PATH");
            start.Environment["ConnectionStrings__Postgres"] = "Host=db.example;Port=5432;Database=crm;Username=crm;Password=s3cret";
            start.Environment["CR_API_PORT"] = "5999";
            start.Environment.Remove("ASPNETCORE_ENVIRONMENT");
            start.Environment.Remove("Auth__BootstrapApiKey");
            start.Environment["CR_DATA_DIR"] = bin.FullName;
            var output = await RunAsync(start);

            // The admin key: generated once, kept private in the data directory, printed on every start.
            var key = Regex.Match(output, @"Admin API key: +(cr_[A-Za-z0-9]{8}_[A-Za-z0-9]{43}) ").Groups[1].Value;
            Assert.NotEmpty(key);
            var keyFile = Path.Combine(bin.FullName, "dev-admin-api-key");
            Assert.Equal(key, (await File.ReadAllTextAsync(keyFile)).Trim());
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
            Assert.Contains("Admin API key:     " + key, await RunAsync(start), StringComparison.Ordinal);

            Assert.Contains("Connection string: Host=db.example;Port=5432;Database=crm;Username=crm;Password=***", output, StringComparison.Ordinal);
            Assert.DoesNotContain("s3cret", output, StringComparison.Ordinal);
            Assert.Contains("fake-dotnet run --project", output, StringComparison.Ordinal);
            Assert.Contains("--property:CrQuietMirrorWarnings=true", output, StringComparison.Ordinal);
            Assert.Contains("--urls http://127.0.0.1:5999", output, StringComparison.Ordinal);
            var ownLines = output.Split('\n').Where(line => !line.StartsWith("fake-dotnet ", StringComparison.Ordinal));
            Assert.DoesNotContain(ownLines, line => line.Contains("warning", StringComparison.OrdinalIgnoreCase));
        }
        finally
        {
            bin.Delete(recursive: true);
        }
    }

    /// <summary>Runs the script to its end and returns what it wrote (stdout, then stderr), asserting exit code 0.</summary>
    private static async Task<string> RunAsync(ProcessStartInfo start)
    {
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var output = await stdout + await stderr;
        Assert.True(process.ExitCode == 0, output);
        return output;
    }

    internal static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "build", "run.sh")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("build/run.sh was not found above " + AppContext.BaseDirectory);
    }
}
