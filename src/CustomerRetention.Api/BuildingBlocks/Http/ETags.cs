using System.Globalization;
using CustomerRetention.Application.BuildingBlocks.Concurrency;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace CustomerRetention.Api.BuildingBlocks.Http;

/// <summary>Strong ETags derived from the row version (PostgreSQL <c>xmin</c>).</summary>
internal static class ETags
{
    public static string From(uint version) => EntityTag.From(version);

    /// <inheritdoc cref="EntityTag.From(uint, Guid?)"/>
    public static string From(uint version, Guid? projection) => EntityTag.From(version, projection);

    /// <summary>True when <c>If-None-Match</c> names the current ETag (or is <c>*</c>).</summary>
    public static bool NoneMatchHits(HttpRequest request, uint version) => NoneMatchHits(request, From(version));

    /// <summary>
    /// True when <c>If-None-Match</c> names <paramref name="current"/> (or is <c>*</c>), by the weak
    /// comparison RFC 9110 §13.1.2 prescribes; entries that are not entity-tags name nothing.
    /// </summary>
    public static bool NoneMatchHits(HttpRequest request, string current)
    {
        var header = request.Headers.IfNoneMatch;
        if (StringValues.IsNullOrEmpty(header) || !EntityTagHeaderValue.TryParseList(header, out var tags))
        {
            return false;
        }

        var tag = new EntityTagHeaderValue(current);
        return tags.Any(t => t.Equals(EntityTagHeaderValue.Any) || t.Compare(tag, useStrongComparison: false));
    }

    /// <summary>
    /// The version an <c>If-Match</c> demands: null when the header is absent or <c>*</c>.
    /// A header that names no current version (malformed, weak, several tags) fails the
    /// precondition with 412, as RFC 9110 §13.1.1 requires strong comparison. An empty header is
    /// a 400: it is neither absent nor a precondition.
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

        if (EntityTagHeaderValue.TryParseStrictList(header, out var tags) && tags is [var tag])
        {
            if (tag.Equals(EntityTagHeaderValue.Any))
            {
                return null;
            }

            if (!tag.IsWeak && uint.TryParse(RowPart(tag.Tag.AsSpan(1, tag.Tag.Length - 2)), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
            {
                return version;
            }
        }

        throw new Application.BuildingBlocks.Exceptions.PreconditionFailedException(
            "If-Match must carry the resource's current ETag exactly as returned (a strong ETag such as \"1234\").");
    }

    private static ReadOnlySpan<char> RowPart(ReadOnlySpan<char> opaque)
    {
        var dash = opaque.IndexOf('-');
        return dash < 0 ? opaque : opaque[..dash];
    }
}
