using System.Globalization;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace CustomerRetention.Api.BuildingBlocks.Http;

/// <summary>Strong ETags derived from the row version (PostgreSQL <c>xmin</c>).</summary>
internal static class ETags
{
    public static string From(uint version) => $"\"{version.ToString(CultureInfo.InvariantCulture)}\"";

    /// <summary>
    /// An ETag over the row and a projection computed elsewhere (the latest RFM run): a new run
    /// changes the representation, so it changes the tag. <c>If-Match</c> compares the row part.
    /// </summary>
    public static string From(uint version, Guid? projection) => projection is { } p
        ? $"\"{version.ToString(CultureInfo.InvariantCulture)}-{p:N}\""
        : From(version);

    /// <summary>True when <c>If-None-Match</c> names the current ETag (or is <c>*</c>).</summary>
    public static bool NoneMatchHits(HttpRequest request, uint version) => NoneMatchHits(request, From(version));

    /// <summary>True when <c>If-None-Match</c> names <paramref name="current"/> (or is <c>*</c>).</summary>
    public static bool NoneMatchHits(HttpRequest request, string current)
    {
        var header = request.Headers.IfNoneMatch;
        return !StringValues.IsNullOrEmpty(header) && Tags(header).Any(t => t == "*" || t == current || t == "W/" + current);
    }

    /// <summary>
    /// The version an <c>If-Match</c> demands: null when the header is absent or <c>*</c>.
    /// A header that names no current version (malformed, weak, several tags) fails the
    /// precondition with 412, as RFC 9110 §13.1.1 requires strong comparison.
    /// </summary>
    public static uint? ExpectedVersion(HttpRequest request)
    {
        if (!request.Headers.TryGetValue(HeaderNames.IfMatch, out var header))
        {
            return null;
        }

        if (header.All(string.IsNullOrWhiteSpace))
        {
            throw new RequestRejectedException(
                StatusCodes.Status400BadRequest,
                "The If-Match header is empty: send the ETag you read (e.g. \"1234\"), or * , or leave the header out.",
                new Dictionary<string, string[]> { [HeaderNames.IfMatch] = ["Must not be empty."] });
        }

        var tags = Tags(header).ToList();
        if (tags is ["*"])
        {
            return null;
        }

        if (tags is [var tag] && tag.Length > 2 && tag[0] == '"' && tag[^1] == '"'
            && uint.TryParse(RowPart(tag.AsSpan(1, tag.Length - 2)), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            return version;
        }

        throw new Application.BuildingBlocks.Exceptions.PreconditionFailedException(
            "If-Match must carry the resource's current ETag exactly as returned (a strong ETag such as \"1234\").");
    }

    private static ReadOnlySpan<char> RowPart(ReadOnlySpan<char> opaque)
    {
        var dash = opaque.IndexOf('-');
        return dash < 0 ? opaque : opaque[..dash];
    }

    private static IEnumerable<string> Tags(StringValues header) =>
        header.SelectMany(h => (h ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
}
