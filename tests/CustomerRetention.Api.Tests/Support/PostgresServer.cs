using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using CustomerRetention.Infrastructure;
using CustomerRetention.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Testcontainers.PostgreSql;

namespace CustomerRetention.Api.Tests.Support;

/// <summary>
/// One throwaway PostgreSQL server for the whole test run (<see cref="PostgresSourceSelection"/>):
/// the server named by <c>TEST_POSTGRES_CONNECTION</c>, else a Testcontainers container when a
/// Docker endpoint answers, else one started from the machine's own binaries (initdb + pg_ctl in
/// a temp directory, through <c>runuser -u postgres</c> as root). A template database is migrated once;
/// each test class gets its own database cloned from it. Everything is removed at process exit,
/// and leftovers of a killed earlier run are removed at the next start.
/// A test that must stop the database (an outage) gets a dedicated server of its own instead
/// (<see cref="StartDedicatedAsync"/>), never the shared one.
/// </summary>
internal sealed class PostgresServer : IAsyncDisposable
{
    private const string DirectoryPrefix = "cr-test-pg-";

    /// <summary>The image of the Testcontainers server: the PostgreSQL major version the product runs on here.</summary>
    private const string ContainerImage = "postgres:15-alpine";
    private static readonly Lazy<Task<PostgresServer>> Shared = new(StartAsync);

    private readonly string _adminConnectionString;
    private readonly string _template;
    private readonly LocalServer? _dedicated;

    private PostgresServer(string adminConnectionString, string template, LocalServer? dedicated = null)
    {
        _adminConnectionString = adminConnectionString;
        _template = template;
        _dedicated = dedicated;
    }

    public static Task<PostgresServer> GetAsync() => Shared.Value;

    /// <summary>
    /// A private server from the local binaries (never <c>TEST_POSTGRES_CONNECTION</c>: it is
    /// stopped and started again), with its own migrated template and durable commits, for
    /// tests that take the database away. Dispose it; it is removed at process exit regardless.
    /// </summary>
    public static async Task<PostgresServer> StartDedicatedAsync()
    {
        var local = await LocalServer.CreateAsync(durableCommits: true);
        var server = new PostgresServer(local.AdminConnectionString, "cr_template", local);
        await server.CreateTemplateAsync();
        return server;
    }

    /// <summary>Stops a dedicated server (<c>pg_ctl stop -m <paramref name="mode"/></c>: fast, immediate).</summary>
    public Task StopAsync(string mode) => Dedicated.StopAsync(mode);

    /// <summary>Starts a stopped dedicated server again, on the same port and data.</summary>
    public Task RestartAsync() => Dedicated.StartAsync();

    /// <summary>Stops and deletes a dedicated server; nothing for the shared one.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_dedicated is not null)
        {
            await _dedicated.RemoveAsync();
        }
    }

    private LocalServer Dedicated => _dedicated ?? throw new InvalidOperationException("Only a dedicated server can be stopped.");

    /// <summary>Creates a fresh, migrated database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string name)
    {
        await ExecuteAsync($"CREATE DATABASE \"{name}\" TEMPLATE \"{_template}\"");
        return WithDatabase(name);
    }

    /// <summary>Creates an empty database (no migrations applied) and returns its connection string.</summary>
    public async Task<string> CreateEmptyDatabaseAsync(string name)
    {
        await ExecuteAsync($"CREATE DATABASE \"{name}\"");
        return WithDatabase(name);
    }

    public async Task DropDatabaseAsync(string name)
    {
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
    }

    private string WithDatabase(string name) =>
        new NpgsqlConnectionStringBuilder(_adminConnectionString) { Database = name, Pooling = true }.ConnectionString;

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_adminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<PostgresServer> StartAsync()
    {
        PostgresServer server;
        switch (await PostgresSourceSelection.FromEnvironmentAsync())
        {
            case PostgresSource.External:
                var admin = new NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable("TEST_POSTGRES_CONNECTION")) { Pooling = false }.ConnectionString;
                var template = $"cr_template_{Environment.ProcessId}_{Guid.NewGuid():N}"[..40];
                server = new PostgresServer(admin, template);
                AppDomain.CurrentDomain.ProcessExit += (_, _) =>
                    server.ExecuteAsync($"DROP DATABASE IF EXISTS \"{template}\" WITH (FORCE)").GetAwaiter().GetResult();
                break;

            case PostgresSource.Container:
                // Removed at process exit, and by Testcontainers' own reaper if the run is killed.
                var container = new PostgreSqlBuilder(ContainerImage)
                    .WithCommand("-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off", "-c", "max_connections=300")
                    .Build();
                await container.StartAsync();
                AppDomain.CurrentDomain.ProcessExit += (_, _) => container.DisposeAsync().AsTask().GetAwaiter().GetResult();
                server = new PostgresServer(new NpgsqlConnectionStringBuilder(container.GetConnectionString()) { Pooling = false }.ConnectionString, "cr_template");
                break;

            default:
                var local = await LocalServer.CreateAsync(durableCommits: false);
                server = new PostgresServer(local.AdminConnectionString, "cr_template");
                break;
        }

        await server.CreateTemplateAsync();
        return server;
    }

    private async Task CreateTemplateAsync()
    {
        await ExecuteAsync($"CREATE DATABASE \"{_template}\"");
        var options = new DbContextOptionsBuilder<AppDbContext>();
        DependencyInjection.ConfigureDbContext(options, WithDatabase(_template));
        await using (var db = new AppDbContext(options.Options))
        {
            await db.Database.MigrateAsync();
        }

        NpgsqlConnection.ClearAllPools();
    }

    /// <summary>A private server in a temp directory, on a free loopback port.</summary>
    private sealed class LocalServer(string bin, string root, string settings)
    {
        private string Data => Path.Combine(root, "data");

        public string AdminConnectionString { get; private init; } = string.Empty;

        /// <summary>
        /// Creates and starts a server. <paramref name="durableCommits"/> false turns
        /// synchronous_commit off (fast; an immediate stop may lose the last commits), true keeps
        /// every acknowledged commit across a stop.
        /// </summary>
        public static async Task<LocalServer> CreateAsync(bool durableCommits)
        {
            RemoveLeftovers();
            var bin = FindBinaries();
            var root = Path.Combine(Path.GetTempPath(), DirectoryPrefix + Guid.NewGuid().ToString("N")[..12]);
            var sockets = Path.Combine(root, "run");
            Directory.CreateDirectory(sockets);
            await File.WriteAllTextAsync(Path.Combine(root, "owner.pid"), Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (IsRoot())
            {
                await RunAsync("chown", $"-R postgres: {root}");
            }

            var port = FreePort();
            var commit = durableCommits ? "on" : "off";
            var settings = $"-p {port} -k {sockets} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit={commit} -c full_page_writes=off -c max_connections=300";
            var server = new LocalServer(bin, root, settings)
            {
                AdminConnectionString = $"Host=127.0.0.1;Port={port};Database=postgres;Username=postgres;Pooling=false",
            };
            await RunAsPostgresAsync(Path.Combine(bin, "initdb"), $"-D {server.Data} --auth=trust --username=postgres --encoding=UTF8 --locale=C.UTF-8 --no-sync");
            await server.StartAsync();

            AppDomain.CurrentDomain.ProcessExit += (_, _) => server.RemoveAsync().GetAwaiter().GetResult();
            StartWatchdog(bin, root);
            return server;
        }

        public Task StartAsync() =>
            RunAsPostgresAsync(Path.Combine(bin, "pg_ctl"), $"-D {Data} -l {Path.Combine(root, "postgres.log")} -w -t 60 -o \"{settings}\" start");

        public Task StopAsync(string mode) =>
            RunAsPostgresAsync(Path.Combine(bin, "pg_ctl"), $"-D {Data} -m {mode} -w stop");

        /// <summary>Stops the server if it runs and deletes its directory; does nothing the second time.</summary>
        public async Task RemoveAsync()
        {
            if (!Directory.Exists(root))
            {
                return;
            }

            try
            {
                if (File.Exists(Path.Combine(Data, "postmaster.pid")))
                {
                    await StopAsync("immediate");
                }
            }
            finally
            {
                Directory.Delete(root, recursive: true);
            }
        }

        /// <summary>
        /// A detached shell that waits for this test process to end, however it ends (even when
        /// killed), then stops the server and deletes its directory.
        /// </summary>
        private static void StartWatchdog(string bin, string root)
        {
            var pgCtl = $"{Path.Combine(bin, "pg_ctl")} -D {Path.Combine(root, "data")} -m immediate -w stop";
            var stop = IsRoot() ? $"runuser -u postgres -- {pgCtl}" : pgCtl;
            var script = $"while kill -0 {Environment.ProcessId} 2>/dev/null; do sleep 1; done; "
                + $"if [ -d {root} ]; then {stop} >/dev/null 2>&1; rm -rf {root}; fi";
            var info = new ProcessStartInfo("setsid", ["bash", "-c", script])
            {
                UseShellExecute = false,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var watchdog = Process.Start(info);
        }

        /// <summary>Stops and deletes servers whose test process no longer exists (a killed run).</summary>
        private static void RemoveLeftovers()
        {
            foreach (var dir in Directory.EnumerateDirectories(Path.GetTempPath(), DirectoryPrefix + "*"))
            {
                var pidFile = Path.Combine(dir, "owner.pid");
                if (!File.Exists(pidFile) || !int.TryParse(File.ReadAllText(pidFile), out var pid) || IsAlive(pid))
                {
                    continue;
                }

                try
                {
                    var postmaster = Path.Combine(dir, "data", "postmaster.pid");
                    if (File.Exists(postmaster) && int.TryParse(File.ReadLines(postmaster).FirstOrDefault(), out var serverPid) && IsAlive(serverPid))
                    {
                        Process.GetProcessById(serverPid).Kill(entireProcessTree: true);
                    }

                    Directory.Delete(dir, recursive: true);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or ArgumentException)
                {
                    // Its own watchdog (or another test run) is removing it at the same moment.
                }
            }
        }

        private static bool IsAlive(int pid)
        {
            try
            {
                using var process = Process.GetProcessById(pid);
                return !process.HasExited;
            }
            catch (ArgumentException)
            {
                return false;
            }
        }

        private static string FindBinaries()
        {
            var candidates = new List<string?> { Environment.GetEnvironmentVariable("CR_PG_BINDIR") };
            if (Directory.Exists("/usr/lib/postgresql"))
            {
                candidates.AddRange(Directory.GetDirectories("/usr/lib/postgresql")
                    .OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0)
                    .Select(d => Path.Combine(d, "bin")));
            }

            candidates.AddRange((Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':'));
            return candidates.FirstOrDefault(d => !string.IsNullOrEmpty(d) && File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")))
                ?? throw new InvalidOperationException(
                    "PostgreSQL server binaries (initdb, pg_ctl) were not found. Run ./build/test.sh (it installs them), "
                    + "install the 'postgresql' package, set CR_PG_BINDIR, or set TEST_POSTGRES_CONNECTION to an existing server.");
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        private static bool IsRoot() => Environment.UserName == "root";

        private static Task RunAsPostgresAsync(string file, string arguments) =>
            IsRoot() ? RunAsync("runuser", $"-u postgres -- {file} {arguments}") : RunAsync(file, arguments);

        private static async Task RunAsync(string file, string arguments)
        {
            var info = new ProcessStartInfo(file, arguments)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = Path.GetTempPath(),
            };
            using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {file}.");
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"{file} {arguments} failed ({process.ExitCode}): {await error}{await output}");
            }
        }
    }
}
