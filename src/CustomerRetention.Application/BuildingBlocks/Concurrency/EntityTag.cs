using System.Globalization;

namespace CustomerRetention.Application.BuildingBlocks.Concurrency;

/// <summary>
/// The strong entity tag of a resource, from its row version (PostgreSQL <c>xmin</c>). The same text
/// is the <c>ETag</c> header and the resource's <c>etag</c> member, so a client that cannot read
/// response headers (a generated client with default settings) still has it for <c>If-Match</c>.
/// </summary>
public static class EntityTag
{
    /// <summary>The quoted tag of a row version, e.g. <c>"1234"</c>.</summary>
    public static string From(uint version) => $"\"{version.ToString(CultureInfo.InvariantCulture)}\"";

    /// <summary>
    /// A tag over the row and a projection computed elsewhere (the latest RFM run): a new run
    /// changes the representation, so it changes the tag. <c>If-Match</c> compares the row part.
    /// </summary>
    public static string From(uint version, Guid? projection) => projection is { } p
        ? $"\"{version.ToString(CultureInfo.InvariantCulture)}-{p:N}\""
        : From(version);
}
