using System.Text;
using Microsoft.Net.Http.Headers;

namespace CustomerRetention.Api.BuildingBlocks.Csv;

/// <summary>
/// Streams rows to the response as RFC 4180 CSV: UTF-8 with a byte order mark (so spreadsheet
/// programs read non-ASCII names right), a header row, CRLF line ends. Rows are written as the
/// database returns them and flushed every <see cref="FlushEvery"/> rows, so memory stays constant
/// whatever the number of rows and the client sees the first rows before the last are read.
/// Without a Content-Length, HTTP/1.1 sends the body chunked.
/// </summary>
public sealed class CsvResult<T>(IAsyncEnumerable<T> rows, IReadOnlyList<CsvColumn<T>> columns, string fileStem, TimeProvider clock) : IResult
{
    /// <summary>Rows between flushes: a few hundred kilobytes at most, and a slow consumer applies back-pressure to the query.</summary>
    private const int FlushEvery = 500;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var response = httpContext.Response;
        var cancellationToken = httpContext.RequestAborted;
        response.ContentType = CsvMedia.ContentType;
        var stamp = clock.GetUtcNow().UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        response.Headers[HeaderNames.ContentDisposition] = $"attachment; filename=\"{fileStem}-{stamp}.csv\"";

        await using var writer = new StreamWriter(response.Body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), bufferSize: 16 * 1024, leaveOpen: true);
        var line = new StringBuilder();
        AppendLine(line, c => (c.Header, false));
        await writer.WriteAsync(line, cancellationToken);

        var written = 0;
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            line.Clear();
            AppendLine(line, c => (c.Value(row), c.FreeText));
            await writer.WriteAsync(line, cancellationToken);
            if (++written % FlushEvery == 0)
            {
                await writer.FlushAsync(cancellationToken);
            }
        }

        await writer.FlushAsync(cancellationToken);
    }

    private void AppendLine(StringBuilder line, Func<CsvColumn<T>, (string? Value, bool Guard)> cell)
    {
        for (var i = 0; i < columns.Count; i++)
        {
            if (i > 0)
            {
                line.Append(',');
            }

            var (value, guard) = cell(columns[i]);
            CsvField.Append(line, value, guard);
        }

        line.Append("\r\n");
    }
}
