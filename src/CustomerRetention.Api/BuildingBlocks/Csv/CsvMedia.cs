namespace CustomerRetention.Api.BuildingBlocks.Csv;

/// <summary>The media type of the exports, bare (the OpenAPI document's key) and as sent (with its charset).</summary>
public static class CsvMedia
{
    public const string Type = "text/csv";

    public const string ContentType = Type + "; charset=utf-8";
}
