using System.Net;
using System.Net.Sockets;
using System.Text;
using CustomerRetention.Api.Tests.Support;

namespace CustomerRetention.Api.Tests.Hosting;

/// <summary>The tests' PostgreSQL: an external server first, Testcontainers when Docker answers, the local binaries otherwise.</summary>
public sealed class PostgresSourceSelectionTests
{
    [Theory]
    [InlineData("Host=db;Username=crm", true, PostgresSource.External)]
    [InlineData("Host=db;Username=crm", false, PostgresSource.External)]
    [InlineData(null, true, PostgresSource.Container)]
    [InlineData("  ", true, PostgresSource.Container)]
    [InlineData(null, false, PostgresSource.LocalBinaries)]
    [InlineData("", false, PostgresSource.LocalBinaries)]
    internal void The_source_is_chosen_in_that_order(string? external, bool dockerAnswers, PostgresSource expected) =>
        Assert.Equal(expected, PostgresSourceSelection.Choose(external, dockerAnswers));

    [Theory]
    [InlineData("unix:///nonexistent/docker.sock")]
    [InlineData("not a uri")]
    [InlineData("npipe:////./pipe/docker_engine")]
    public async Task No_engine_at_the_address_means_no_Docker(string dockerHost) =>
        Assert.False(await PostgresSourceSelection.DockerAnswersAsync(dockerHost, TimeSpan.FromSeconds(1)));

    [Fact]
    public async Task A_refused_tcp_connection_means_no_Docker()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        Assert.False(await PostgresSourceSelection.DockerAnswersAsync($"tcp://127.0.0.1:{port}", TimeSpan.FromSeconds(1)));
    }

    [Theory]
    [InlineData("HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nOK", true)]
    [InlineData("HTTP/1.0 500 Internal Server Error\r\n\r\nOK", false)]
    [InlineData("HTTP/1.0 200 OK\r\n\r\nnot docker", false)]
    [InlineData("SSH-2.0-OpenSSH_9.2\r\n", false)]
    public async Task Only_an_engine_answering_its_ping_with_OK_counts(string answer, bool expected)
    {
        var path = Path.Combine(Path.GetTempPath(), $"cr-docker-{Guid.NewGuid():N}.sock");
        using var server = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        server.Bind(new UnixDomainSocketEndPoint(path));
        server.Listen();
        var serving = Task.Run(async () =>
        {
            using var connection = await server.AcceptAsync();
            var request = new byte[1024];
            var read = await connection.ReceiveAsync(request);
            Assert.StartsWith("GET /_ping ", Encoding.ASCII.GetString(request, 0, read), StringComparison.Ordinal);
            await connection.SendAsync(Encoding.ASCII.GetBytes(answer));
            connection.Shutdown(SocketShutdown.Both);
        });
        try
        {
            Assert.Equal(expected, await PostgresSourceSelection.DockerAnswersAsync($"unix://{path}", TimeSpan.FromSeconds(5)));
            await serving;
        }
        finally
        {
            File.Delete(path);
        }
    }
}
