using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using CustomerRetention.Application.BuildingBlocks.Json;
using Microsoft.Net.Http.Headers;

namespace CustomerRetention.Api.BuildingBlocks.Http;

/// <summary>
/// A request body bound strictly: JSON media type, at most 1 MiB, well-formed,
/// an object, no unknown or read-only members, every value of the right type. Every problem
/// found is reported at once as a 400 (413 when too large, 415 for another media type). The
/// parsed document is kept for merge-patch.
/// </summary>
public sealed class JsonBody<T>
    where T : class
{
    private JsonBody(T value, JsonObject document)
    {
        Value = value;
        Document = document;
    }

    public T Value { get; }

    public JsonObject Document { get; }

#pragma warning disable CA1000 // Minimal APIs look for a static BindAsync on the parameter type itself.
    public static async ValueTask<JsonBody<T>?> BindAsync(HttpContext context, ParameterInfo parameter)
    {
        ArgumentNullException.ThrowIfNull(context);
        var document = await JsonBodyReader.ReadObjectAsync(context.Request, context.RequestAborted);
        var errors = JsonShapeChecker.Check(document, typeof(T));
        if (errors.Count > 0)
        {
            throw new RequestRejectedException(
                StatusCodes.Status400BadRequest,
                "The request body does not match the resource's schema.",
                errors.ToProblemErrors());
        }

        try
        {
            var value = document.Deserialize<T>(ApiJson.Options)
                ?? throw new RequestRejectedException("A JSON object is required as the request body.");
            return new JsonBody<T>(value, document);
        }
        catch (JsonException e)
        {
            var path = e.Path is { Length: > 2 } p ? p[2..] : "body";
            throw new RequestRejectedException(
                StatusCodes.Status400BadRequest,
                "The request body does not match the resource's schema.",
                new Dictionary<string, string[]> { [path] = ["The value is not valid for this field."] });
        }
    }
#pragma warning restore CA1000
}

internal static class JsonBodyReader
{
    public const int MaxBytes = 1024 * 1024;

    private static readonly JsonNodeOptions NodeOptions = new() { PropertyNameCaseInsensitive = false };

    // Duplicates are allowed by the parser only so that the scanner can name every one of them.
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 32, AllowDuplicateProperties = true };

    public static Task<JsonObject> ReadObjectAsync(HttpRequest request, CancellationToken cancellationToken) =>
        ReadObjectAsync(request, MaxBytes, cancellationToken);

    public static async Task<JsonObject> ReadObjectAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (!IsJson(request.ContentType))
        {
            throw new RequestRejectedException(
                StatusCodes.Status415UnsupportedMediaType,
                $"Send the body as application/json{(HttpMethods.IsPatch(request.Method) ? " or application/merge-patch+json" : string.Empty)} (got '{request.ContentType ?? "none"}').");
        }

        if (request.ContentLength > maxBytes)
        {
            throw TooLarge(maxBytes);
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                throw TooLarge(maxBytes);
            }

            buffer.Write(chunk, 0, read);
        }

        if (buffer.Length == 0)
        {
            throw new RequestRejectedException("A JSON object is required as the request body.");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), DocumentOptions);
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $" (line {line + 1}, position {e.BytePositionInLine + 1})" : string.Empty;
            throw new RequestRejectedException($"The request body is not valid JSON{where}.");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new RequestRejectedException("The request body must be a JSON object.");
            }

            var errors = JsonInputScanner.Scan(document.RootElement);
            if (errors.Count > 0)
            {
                throw new RequestRejectedException(StatusCodes.Status400BadRequest, "The request body contains values the API does not accept.", errors.ToProblemErrors());
            }

            return JsonObject.Create(document.RootElement.Clone(), NodeOptions)!;
        }
    }

    private static RequestRejectedException TooLarge(int maxBytes) =>
        new(StatusCodes.Status413PayloadTooLarge, $"The request body is larger than {maxBytes / 1024} KiB.");

    private static bool IsJson(string? contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var media) || media.MediaType.Value is not { } type)
        {
            return false;
        }

        return type.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || type.Equals("application/merge-patch+json", StringComparison.OrdinalIgnoreCase);
    }
}
