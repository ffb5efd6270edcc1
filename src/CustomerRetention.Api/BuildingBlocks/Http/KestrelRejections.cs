using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace CustomerRetention.Api.BuildingBlocks.Http;

/// <summary>
/// Kestrel answers some requests itself, before any middleware runs — a request line over its
/// limit (414), headers over their limit (431), a path with an encoded NUL (400), a malformed
/// request or a header timeout — and gives no hook to shape those answers: they go out with an
/// empty body. This connection middleware recognises exactly such an answer on the way out
/// (an HTTP/1.1 4xx with <c>Content-Length: 0</c>, <c>Connection: close</c> and no
/// <c>Content-Type</c>, written in one piece at the start of a flush) and sends it as an RFC 9457
/// problem instead. Only a write of at most 1 KiB that starts a flush with a 4xx status line is
/// held back (copied once) until that flush to be checked; everything else passes through untouched
/// and uncopied. The application's own
/// errors always carry a problem body and a Content-Type, so they never match.
/// </summary>
internal static class KestrelRejections
{
    public const int MaxRequestLineBytes = 8 * 1024;
    public const int MaxHeaderBytes = 32 * 1024;
    public const int MaxHeaderCount = 100;

    /// <summary>The request limits the API documents (Kestrel's defaults, set here so that they are stated in one place).</summary>
    public static void ApplyLimits(KestrelServerLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        limits.MaxRequestBodySize = JsonBodyReader.MaxBytes;
        limits.MaxRequestLineSize = MaxRequestLineBytes;
        limits.MaxRequestHeadersTotalSize = MaxHeaderBytes;
        limits.MaxRequestHeaderCount = MaxHeaderCount;
    }

    /// <summary>Rewrites Kestrel's own empty error responses on this endpoint (plain HTTP; behind TLS the bytes are not readable here).</summary>
    public static ListenOptions UseProblemResponsesForRejections(this ListenOptions listen)
    {
        ArgumentNullException.ThrowIfNull(listen);
        listen.Use(next => async connection =>
        {
            var transport = connection.Transport;
            var writer = new RejectionRewritingWriter(transport.Output, connection.ConnectionId);
            connection.Transport = new Duplex(transport.Input, writer);
            try
            {
                await next(connection);
            }
            finally
            {
                connection.Transport = transport;
            }
        });
        return listen;
    }

    /// <summary>The problem that replaces an empty response with this status line, or null when the bytes are not such a response.</summary>
    internal static byte[]? Rewrite(ReadOnlySpan<byte> response, string connectionId)
    {
        if (response.Length > MaxSniffBytes || !response.StartsWith("HTTP/1.1 4"u8) || !response.EndsWith("\r\n\r\n"u8))
        {
            return null;
        }

        var head = Encoding.ASCII.GetString(response[..^4]);
        var lines = head.Split("\r\n");
        var headers = lines.Skip(1).Select(l => l.Split(':', 2)).ToList();
        if (headers.Any(h => h.Length != 2)
            || !headers.Any(h => Is(h, "Content-Length", "0"))
            || !headers.Any(h => Is(h, "Connection", "close"))
            || headers.Any(h => h[0].Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            || lines[0].Split(' ', 3) is not [_, var code, var reason] || !int.TryParse(code, out var status))
        {
            return null;
        }

        var body = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["type"] = status switch
            {
                StatusCodes.Status431RequestHeaderFieldsTooLarge => "https://tools.ietf.org/html/rfc6585#section-5",
                <= StatusCodes.Status417ExpectationFailed => $"https://tools.ietf.org/html/rfc9110#section-15.5.{status - 399}",
                _ => "about:blank",
            },
            ["title"] = reason,
            ["status"] = status,
            ["detail"] = Detail(status),
            ["traceId"] = connectionId,
        });
        var rewritten = new StringBuilder(lines[0]).Append("\r\n");
        foreach (var header in headers)
        {
            rewritten.Append(header[0]).Append(':').Append(Is(header, "Content-Length", "0") ? " " + body.Length : header[1]).Append("\r\n");
        }

        rewritten.Append("Content-Type: application/problem+json\r\n\r\n");
        return [.. Encoding.ASCII.GetBytes(rewritten.ToString()), .. body];
    }

    private const int MaxSniffBytes = 1024;

    private static bool Is(string[] header, string name, string value) =>
        header[0].Equals(name, StringComparison.OrdinalIgnoreCase) && header[1].Trim().Equals(value, StringComparison.OrdinalIgnoreCase);

    private static string Detail(int status) => status switch
    {
        StatusCodes.Status414UriTooLong => $"The request line (method, path and query string) is longer than the server accepts ({MaxRequestLineBytes / 1024} KiB).",
        StatusCodes.Status431RequestHeaderFieldsTooLarge => $"The request headers are larger than the server accepts ({MaxHeaderBytes / 1024} KiB in all, at most {MaxHeaderCount} headers).",
        StatusCodes.Status408RequestTimeout => "The request headers did not arrive in time.",
        StatusCodes.Status413PayloadTooLarge => $"The request body is larger than {JsonBodyReader.MaxBytes / 1024} KiB.",
        _ => "The server could not read the request: a malformed request line or header, or a path with an encoded control character such as %00.",
    };

    private sealed class Duplex(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }

    /// <summary>
    /// Passes writes through to the transport. Only the first small write after a flush that starts
    /// like a 4xx status line is held back until the flush, to be checked and rewritten.
    /// </summary>
    private sealed class RejectionRewritingWriter(PipeWriter inner, string connectionId) : PipeWriter
    {
        private Memory<byte> _lastMemory;
        private byte[]? _held;
        private bool _advancedSinceFlush;

        public override bool CanGetUnflushedBytes => inner.CanGetUnflushedBytes;

        public override long UnflushedBytes => inner.UnflushedBytes + (_held?.Length ?? 0);

        public override Memory<byte> GetMemory(int sizeHint = 0)
        {
            Release();
            return _lastMemory = inner.GetMemory(sizeHint);
        }

        public override Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;

        public override void Advance(int bytes)
        {
            var written = _lastMemory.Span[..bytes];
            if (!_advancedSinceFlush && _held is null && bytes <= MaxSniffBytes && written.StartsWith("HTTP/1.1 4"u8))
            {
                _held = written.ToArray(); // not advanced: the same memory is handed out again
            }
            else
            {
                Release();
                inner.Advance(bytes);
            }

            _advancedSinceFlush = true;
        }

        public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
        {
            if (_held is { } held)
            {
                _held = null;
                inner.Write(Rewrite(held, connectionId) ?? held);
            }

            _advancedSinceFlush = false;
            return inner.FlushAsync(cancellationToken);
        }

        public override void CancelPendingFlush() => inner.CancelPendingFlush();

        public override void Complete(Exception? exception = null)
        {
            Release();
            inner.Complete(exception);
        }

        public override ValueTask CompleteAsync(Exception? exception = null)
        {
            Release();
            return inner.CompleteAsync(exception);
        }

        private void Release()
        {
            if (_held is { } held)
            {
                _held = null;
                inner.Write(held);
            }
        }
    }
}
