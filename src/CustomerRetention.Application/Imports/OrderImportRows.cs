using System.Globalization;
using AutoMapper;
using CustomerRetention.Application.BuildingBlocks;
using CustomerRetention.Application.BuildingBlocks.Events;
using CustomerRetention.Application.BuildingBlocks.Json;
using CustomerRetention.Application.Orders;
using CustomerRetention.Application.Orders.Contracts;
using CustomerRetention.Application.Orders.UpsertOrders;
using CustomerRetention.Domain.BuildingBlocks;
using CustomerRetention.Domain.Imports;
using CustomerRetention.Domain.Orders;
using FluentValidation;

namespace CustomerRetention.Application.Imports;

/// <summary>Which of the members an existing order may be compared or changed by a row carries.</summary>
[Flags]
public enum OrderImportFields
{
    None = 0,
    Status = 1 << 0,
    Notes = 1 << 1,
    Items = 1 << 2,
    Channel = 1 << 3,
}

/// <summary>
/// One row of an order import: valid (<see cref="Order"/> built by <c>Order.Create</c> from the
/// row, with a placeholder customer, and <see cref="State"/>, its <c>order.created</c> state) or
/// refused (<see cref="Errors"/>). The customer is resolved set-based at merge time.
/// </summary>
public sealed record OrderImportRow(
    long Row,
    Order? Order,
    Guid? CustomerId,
    string? CustomerExternalId,
    string? StatusReason,
    OrderImportFields Given,
    string? State,
    IReadOnlyList<ImportRowErrorDto> Errors);

/// <summary>
/// Reads the rows of an order import, CSV (one order per record, without items) or NDJSON (a batch
/// order item of <c>POST /api/v1/orders/batch</c> per line), and checks each with the batch's own
/// validator and <c>Order.Create</c> (amount = Σ quantity × unitPrice).
/// </summary>
public sealed class OrderImportRows(IValidator<OrderBatchItem> validator, OrderSettings settings, IMapper mapper, TimeProvider clock)
{
    /// <summary>The code of a row whose order externalId another owner's order holds (as a single create says it).</summary>
    public const string DuplicateOrderCode = OrderWrites.DuplicateCode;

    /// <summary>The CSV columns.</summary>
    public static IReadOnlyList<string> CsvColumns { get; } =
        ["externalId", "customerExternalId", "customerId", "orderedAt", "status", "statusReason", "amount", "currency", "channel", "notes"];

    private static readonly string[] RequiredColumns = ["externalId", "orderedAt", "amount"];

    private static readonly HashSet<string> JsonMembers = new(StringComparer.Ordinal)
    {
        "externalId", "customerExternalId", "customerId", "orderedAt", "status", "statusReason", "amount", "currency", "items", "channel", "notes",
    };

    /// <summary>The CSV header's problems: an unknown or repeated column, a required one missing, no customer column.</summary>
    public static IReadOnlyList<string> HeaderProblems(IReadOnlyList<string> columns)
    {
        var problems = ImportRowReading.HeaderProblems(columns, CsvColumns, RequiredColumns);
        if (!columns.Contains("customerId", StringComparer.Ordinal) && !columns.Contains("customerExternalId", StringComparer.Ordinal))
        {
            problems.Add("The column 'customerExternalId' or 'customerId' is required.");
        }

        return problems;
    }

    /// <summary>The rows of <paramref name="file"/>, in file order, each valid or with its errors.</summary>
    public IEnumerable<OrderImportRow> Read(Stream file, ImportFormat format) =>
        format == ImportFormat.Csv ? ReadCsv(file) : ReadNdjson(file);

    private IEnumerable<OrderImportRow> ReadCsv(Stream file)
    {
        OrderImportFields? given = null;
        foreach (var (row, Cell, columns, error) in ImportRowReading.CsvRecords(file, HeaderProblems))
        {
            given ??= (columns.Contains("notes") ? OrderImportFields.Notes : OrderImportFields.None)
                | (columns.Contains("channel") ? OrderImportFields.Channel : OrderImportFields.None);
            if (Cell is null)
            {
                yield return Refused(row, [error!]);
                continue;
            }

            var errors = new List<ImportRowErrorDto>();
            var item = new OrderBatchItem
            {
                ExternalId = Cell("externalId"),
                CustomerExternalId = Cell("customerExternalId"),
                CustomerId = Cell("customerId") is { } c ? (Guid.TryParse(c, out var g) ? g : ImportRowReading.Fail<Guid?>(errors, "customerId", "'customerId' must be a UUID.")) : null,
                OrderedAt = Cell("orderedAt") is { } at ? (ApiTime.TryParseTimestamp(at, out var t) ? t : ImportRowReading.Fail<DateTimeOffset?>(errors, "orderedAt", $"'orderedAt' must be {ApiTime.TimestampRule}.")) : null,
                Status = ImportRowReading.Parse<OrderStatus>(Cell("status"), "status", errors),
                StatusReason = Cell("statusReason"),
                Amount = Cell("amount") is { } a ? (decimal.TryParse(a, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var m) ? m : ImportRowReading.Fail<decimal?>(errors, "amount", "'amount' must be a number such as 12.50.")) : null,
                Currency = Cell("currency"),
                Channel = ImportRowReading.Parse<OrderChannel>(Cell("channel"), "channel", errors),
                Notes = Cell("notes"),
            };
            var rowGiven = given.Value | (item.Status is null ? OrderImportFields.None : OrderImportFields.Status);
            yield return Check(row, item, rowGiven, errors);
        }
    }

    private IEnumerable<OrderImportRow> ReadNdjson(Stream file)
    {
        foreach (var (line, json) in ImportRowReading.NdjsonLines(file))
        {
            var (item, present, errors) = ImportRowReading.ParseLine<OrderBatchItem>(line, json, JsonMembers);
            if (item is null)
            {
                yield return Refused(line, errors);
                continue;
            }

            var given = (item.Status is null ? OrderImportFields.None : OrderImportFields.Status)
                | (present.Contains("notes") ? OrderImportFields.Notes : OrderImportFields.None)
                | (present.Contains("items") ? OrderImportFields.Items : OrderImportFields.None)
                | (present.Contains("channel") ? OrderImportFields.Channel : OrderImportFields.None);
            yield return Check(line, item, given, errors);
        }
    }

    private OrderImportRow Check(long row, OrderBatchItem item, OrderImportFields given, List<ImportRowErrorDto> errors)
    {
        if (errors.Count == 0)
        {
            foreach (var failure in validator.Validate(item).Errors)
            {
                errors.Add(new ImportRowErrorDto(row, failure.PropertyName, failure.ErrorMessage));
            }
        }

        Order? order = null;
        if (errors.Count == 0)
        {
            try
            {
                // The single create's own checks (amount = Σ items); the customer is resolved at merge time.
                order = Order.Create(Guid.Empty, OrderWrites.DetailsOf(item, settings), clock.UtcNowMicroseconds());
            }
            catch (DomainValidationException e)
            {
                errors.Add(new ImportRowErrorDto(row, e.Member, e.Message));
            }
        }

        if (errors.Count > 0 || order is null)
        {
            return Refused(row, errors);
        }

        var state = EventState.Of(mapper.Map<OrderDto>(order));
        return new OrderImportRow(
            row,
            order,
            item.CustomerId,
            item.CustomerExternalId?.Trim(),
            string.IsNullOrWhiteSpace(item.StatusReason) ? null : item.StatusReason.Trim(),
            given,
            state.ToJsonString(ApiJson.Options),
            []);
    }

    private static OrderImportRow Refused(long row, IEnumerable<ImportRowErrorDto> errors) =>
        new(row, null, null, null, null, OrderImportFields.None, null, errors.Select(e => e with { Row = row }).ToArray());
}
