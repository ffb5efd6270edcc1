using CustomerRetention.Api.BuildingBlocks.Csv;
using CustomerRetention.Application.BuildingBlocks.Json;
using CustomerRetention.Application.Customers.ExportCustomers;

namespace CustomerRetention.Api.Customers;

/// <summary>The columns of the customer export, spelled as the JSON of the list spells the same fields.</summary>
public static class CustomerCsv
{
    public static IReadOnlyList<CsvColumn<CustomerExportRow>> Columns { get; } =
    [
        new("id", r => r.Id.ToString()),
        new("externalId", r => r.ExternalId, FreeText: true),
        new("type", r => ApiJson.EnumValue(r.Type)),
        new("name", r => r.Name, FreeText: true),
        new("company", r => r.Company, FreeText: true),
        new("email", r => r.Email, FreeText: true),

        // E.164 as validated on the way in (`+` and digits only): no formula can hide in it, and a `'` would corrupt the number.
        new("phone", r => r.Phone),
        new("lifecycleStage", r => r.LifecycleStage),
        new("stageEnteredAt", r => ApiJson.FormatTimestamp(r.StageEnteredAt)),
        new("ownerId", r => r.OwnerId?.ToString()),
        new("tags", r => string.Join(';', r.Tags), FreeText: true),
        new("segment", r => r.Segment),
        new("createdAt", r => ApiJson.FormatTimestamp(r.CreatedAt)),
        new("updatedAt", r => ApiJson.FormatTimestamp(r.UpdatedAt)),
    ];

    /// <summary>An example of the body, for the OpenAPI document.</summary>
    public static string Example { get; } =
        $"{string.Join(',', Columns.Select(c => c.Header))}\r\n"
        + "0197a3c2-7d1e-7c4a-9f1e-2b3c4d5e6f70,crm-1042,individual,\"Lovelace, Ada\",,ada@example.com,+442079460018,retention,2026-11-02T09:30:00Z,0197a000-0000-7000-8000-0000000000aa,vip;newsletter,champions,2026-10-01T08:00:00Z,2026-11-02T09:30:00Z\r\n";
}
