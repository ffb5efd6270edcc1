using System.Globalization;
using CustomerRetention.Api.BuildingBlocks.Csv;
using CustomerRetention.Application.Segmentation;

namespace CustomerRetention.Api.Segmentation;

/// <summary>The columns of the segment export: the members of the segment list's items, in their JSON spelling.</summary>
public static class SegmentCustomerCsv
{
    public static IReadOnlyList<CsvColumn<SegmentCustomerDto>> Columns { get; } =
    [
        new("customerId", r => r.CustomerId.ToString()),
        new("name", r => r.Name, FreeText: true),
        new("recencyDays", r => r.RecencyDays.ToString(CultureInfo.InvariantCulture)),
        new("frequency", r => r.Frequency.ToString(CultureInfo.InvariantCulture)),
        new("monetary", r => r.Monetary.ToString(CultureInfo.InvariantCulture)),
        new("r", r => r.R.ToString(CultureInfo.InvariantCulture)),
        new("f", r => r.F.ToString(CultureInfo.InvariantCulture)),
        new("m", r => r.M.ToString(CultureInfo.InvariantCulture)),
        new("segment", r => r.Segment),
    ];

    /// <summary>An example of the body, for the OpenAPI document.</summary>
    public static string Example { get; } =
        $"{string.Join(',', Columns.Select(c => c.Header))}\r\n0197a3c2-7d1e-7c4a-9f1e-2b3c4d5e6f70,\"Lovelace, Ada\",12,9,4210.50,5,5,5,champions\r\n";
}
