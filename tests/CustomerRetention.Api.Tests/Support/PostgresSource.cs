using System.Net.Sockets;
using System.Text;

namespace CustomerRetention.Api.Tests.Support;

/// <summary>Where the tests' PostgreSQL comes from (ADR 3).</summary>
internal enum PostgresSource
{
    /// <summary>An existing server named by <c>TEST_POSTGRES_CONNECTION</c>.</summary>
    External,

    /// <summary>A throwaway container (Testcontainers.PostgreSql), when a Docker endpoint answers.</summary>
    Container,

    /// <summary>A throwaway server started from the machine's own binaries (initdb, pg_ctl).</summary>
    LocalBinaries,
}

/// <summary>
/// Chooses the tests' PostgreSQL: <c>TEST_POSTGRES_CONNECTION</c> first, then Testcontainers when a
/// Docker endpoint answers its ping (a developer laptop, a hosted CI runner), else the local
/// binaries (these machines: a Docker client, no engine). The same lifecycle either way: a fresh
/// server per run, a migrated template, one database per test class.
/// </summary>
internal static class PostgresSourceSelection
{
    public const string DefaultDockerHost = "unix:///var/run/docker.sock";

    public static PostgresSource Choose(string? externalConnection, bool dockerAnswers) =>
        !string.IsNullOrWhiteSpace(externalConnection) ? PostgresSource.External
        : dockerAnswers ? PostgresSource.Container
        : PostgresSource.LocalBinaries;

    /// <summary>The source for this run, from the environment (<c>TEST_POSTGRES_CONNECTION</c>, <c>DOCKER_HOST</c>).</summary>
    public static async Task<PostgresSource> FromEnvironmentAsync()
    {
        var external = Environment.GetEnvironmentVariable("TEST_POSTGRES_CONNECTION");
        if (!string.IsNullOrWhiteSpace(external))
        {
            return PostgresSource.External;
        }

        var dockerHost = Environment.GetEnvironmentVariable("DOCKER_HOST");
        return Choose(external, await DockerAnswersAsync(string.IsNullOrWhiteSpace(dockerHost) ? DefaultDockerHost : dockerHost, TimeSpan.FromSeconds(2)));
    }

    /// <summary>
    /// True when the Docker Engine API at <paramref name="dockerHost"/> (<c>unix:///path</c> or
    /// <c>tcp://host:port</c>) answers <c>GET /_ping</c> with 200 and <c>OK</c> within
    /// <paramref name="timeout"/>; false for a missing socket, a refused connection, a time-out or
    /// any other answer.
    /// </summary>
    public static async Task<bool> DockerAnswersAsync(string dockerHost, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(dockerHost);
        if (!Uri.TryCreate(dockerHost, UriKind.Absolute, out var uri))
        {
            return false;
        }

        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            using var socket = uri.Scheme switch
            {
                "unix" => new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified),
                "tcp" => new Socket(SocketType.Stream, ProtocolType.Tcp),
                _ => null,
            };
            if (socket is null)
            {
                return false;
            }

            if (uri.Scheme == "unix")
            {
                if (!File.Exists(uri.AbsolutePath))
                {
                    return false;
                }

                await socket.ConnectAsync(new UnixDomainSocketEndPoint(uri.AbsolutePath), cancel.Token);
            }
            else
            {
                await socket.ConnectAsync(uri.Host, uri.Port, cancel.Token);
            }

            await socket.SendAsync(Encoding.ASCII.GetBytes("GET /_ping HTTP/1.0\r\nHost: docker\r\n\r\n"), cancel.Token);
            var answer = new StringBuilder();
            var buffer = new byte[1024];
            int read;
            while ((read = await socket.ReceiveAsync(buffer, cancel.Token)) > 0 && answer.Length < 8192)
            {
                answer.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }

            var text = answer.ToString();
            return text.StartsWith("HTTP/1.", StringComparison.Ordinal) && text.Split(' ', 3) is [_, "200", _] && text.EndsWith("\r\n\r\nOK", StringComparison.Ordinal);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or IOException)
        {
            return false;
        }
    }
}
