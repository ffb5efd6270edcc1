using AutoMapper;
using CustomerRetention.Application.BuildingBlocks;
using CustomerRetention.Application.BuildingBlocks.Json;
using CustomerRetention.Application.BuildingBlocks.Security;
using CustomerRetention.Application.Customers;
using CustomerRetention.Application.Customers.CreateCustomer;
using CustomerRetention.Domain.Customers;
using CustomerRetention.Domain.Imports;
using CustomerRetention.Domain.Lifecycle;
using FluentValidation;

namespace CustomerRetention.Application.Imports;

/// <summary>The customer fields a row sets (an update keeps the fields a file does not carry).</summary>
[Flags]
public enum CustomerImportFields
{
    None = 0,
    Type = 1 << 0,
    Name = 1 << 1,
    ExternalId = 1 << 2,
    Company = 1 << 3,
    Email = 1 << 4,
    Phone = 1 << 5,
    Address = 1 << 6,
    Birthday = 1 << 7,
    Tags = 1 << 8,
    Attributes = 1 << 9,
    OwnerId = 1 << 10,
    Consent = 1 << 11,
    LifecycleStage = 1 << 12,
    StageEnteredAt = 1 << 13,
}

/// <summary>
/// One row of a customer import: valid (<see cref="Profile"/> set, normalised exactly as a single
/// create normalises it) or refused (<see cref="Errors"/>). A valid row also carries the id the
/// customer gets if it is new and its <c>customer.created</c> state (<see cref="State"/>),
/// serialised by the event's own code; the merge only sets the times (ADR 0023).
/// </summary>
public sealed record CustomerImportRow(
    long Row,
    CustomerImportFields Fields,
    CustomerProfile? Profile,
    LifecycleStage Stage,
    DateTimeOffset? StageEnteredAt,
    IReadOnlyList<ImportRowErrorDto> Errors,
    Guid Id = default,
    string? State = null);

/// <summary>
/// Reads the rows of a customer import, CSV (the customer export's columns) or NDJSON (the body of
/// <c>POST /api/v1/customers</c> per line), and checks each with the create's own validator.
/// </summary>
public sealed class CustomerImportRows(IValidator<CreateCustomerCommand> validator, IMapper mapper, TimeProvider clock)
{
    /// <summary>CSV columns and the field each sets; the export's read-only columns are accepted and ignored.</summary>
    public static IReadOnlyDictionary<string, CustomerImportFields> CsvColumns { get; } = new Dictionary<string, CustomerImportFields>(StringComparer.Ordinal)
    {
        ["externalId"] = CustomerImportFields.ExternalId,
        ["type"] = CustomerImportFields.Type,
        ["name"] = CustomerImportFields.Name,
        ["company"] = CustomerImportFields.Company,
        ["email"] = CustomerImportFields.Email,
        ["phone"] = CustomerImportFields.Phone,
        ["birthday"] = CustomerImportFields.Birthday,
        ["lifecycleStage"] = CustomerImportFields.LifecycleStage,
        ["stageEnteredAt"] = CustomerImportFields.StageEnteredAt,
        ["ownerId"] = CustomerImportFields.OwnerId,
        ["tags"] = CustomerImportFields.Tags,
        ["id"] = CustomerImportFields.None,
        ["segment"] = CustomerImportFields.None,
        ["createdAt"] = CustomerImportFields.None,
        ["updatedAt"] = CustomerImportFields.None,
    };

    private static readonly string[] RequiredColumns = ["type", "name"];

    private static readonly Dictionary<string, CustomerImportFields> JsonMembers = new(StringComparer.Ordinal)
    {
        ["type"] = CustomerImportFields.Type,
        ["name"] = CustomerImportFields.Name,
        ["externalId"] = CustomerImportFields.ExternalId,
        ["company"] = CustomerImportFields.Company,
        ["email"] = CustomerImportFields.Email,
        ["phone"] = CustomerImportFields.Phone,
        ["address"] = CustomerImportFields.Address,
        ["birthday"] = CustomerImportFields.Birthday,
        ["tags"] = CustomerImportFields.Tags,
        ["attributes"] = CustomerImportFields.Attributes,
        ["ownerId"] = CustomerImportFields.OwnerId,
        ["consent"] = CustomerImportFields.Consent,
        ["lifecycleStage"] = CustomerImportFields.LifecycleStage,
        ["stageEnteredAt"] = CustomerImportFields.StageEnteredAt,
    };

    private static readonly HashSet<string> JsonMemberNames = [.. JsonMembers.Keys];

    /// <summary>
    /// The CSV header's problems: an unknown or repeated column, or a required column (type, name)
    /// missing. Checked when the file is uploaded, so a wrong file is a 400 before any job runs.
    /// </summary>
    public static IReadOnlyList<string> HeaderProblems(IReadOnlyList<string> columns) =>
        ImportRowReading.HeaderProblems(columns, CsvColumns.Keys, RequiredColumns);

    /// <summary>The rows of <paramref name="file"/>, in file order, each valid or with its errors.</summary>
    public IEnumerable<CustomerImportRow> Read(Stream file, ImportFormat format, Guid? ownerScope) =>
        format == ImportFormat.Csv ? ReadCsv(file, ownerScope) : ReadNdjson(file, ownerScope);

    /// <summary>
    /// The cheap first pass of an import (ADR 0023): the number of rows, or null as soon as two rows
    /// may share an externalId or e-mail (<see cref="CustomerFields.UniqueKeys"/>, before any row
    /// is checked, compared by a 64-bit hash: a collision only costs the slower path). When no key
    /// repeats, the duplicate check within the file cannot refuse a row, so chunks can be merged
    /// while the rest of the file is still being read and checked.
    /// </summary>
    public static long? RowsWithoutRepeatedKeys(Stream file, ImportFormat format)
    {
        var externalIds = new HashSet<ulong>();
        var emails = new HashSet<ulong>();
        long rows = 0;
        foreach (var (externalId, email) in format == ImportFormat.Csv ? CsvKeys(file) : NdjsonKeys(file))
        {
            rows++;
            var keys = CustomerFields.UniqueKeys(externalId, email);
            if ((keys.ExternalId is { } e && !externalIds.Add(Hash(e))) || (keys.EmailKey is { } m && !emails.Add(Hash(m))))
            {
                return null;
            }
        }

        return rows;
    }

    private static readonly string[] KeyColumns = ["externalId", "email"];

    private static IEnumerable<(string? ExternalId, string? Email)> CsvKeys(Stream file) =>
        ImportRowReading.CsvRecords(file, HeaderProblems, KeyColumns).Select(r => (r.Cell?.Invoke("externalId"), r.Cell?.Invoke("email")));

    private static IEnumerable<(string? ExternalId, string? Email)> NdjsonKeys(Stream file) =>
        ImportRowReading.NdjsonLines(file)
            .Select(l => ImportRowReading.ParseLine<CreateCustomerCommand>(l.Line, l.Json, JsonMemberNames).Value)
            .Select(c => (c?.ExternalId, c?.Email));

    /// <summary>FNV-1a, 64 bits, over the UTF-16 code units.</summary>
    private static ulong Hash(string key)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in key)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return hash;
    }

    private IEnumerable<CustomerImportRow> ReadCsv(Stream file, Guid? ownerScope)
    {
        CustomerImportFields? fields = null;
        foreach (var (row, Cell, columns, error) in ImportRowReading.CsvRecords(file, HeaderProblems))
        {
            fields ??= columns.Aggregate(CustomerImportFields.None, (all, c) => all | CsvColumns[c]);
            if (Cell is null)
            {
                yield return Refused(row, error!.Field, error.Message);
                continue;
            }

            var errors = new List<ImportRowErrorDto>();
            var command = new CreateCustomerCommand
            {
                Type = ImportRowReading.Parse<CustomerType>(Cell("type"), "type", errors),
                Name = Cell("name"),
                ExternalId = Cell("externalId"),
                Company = Cell("company"),
                Email = Cell("email"),
                Phone = Cell("phone"),
                Birthday = Cell("birthday") is { } b ? (ApiTime.TryParseDate(b, out var d) ? d : ImportRowReading.Fail<DateOnly?>(errors, "birthday", $"'birthday' must be {ApiTime.DateRule}.")) : null,
                LifecycleStage = ImportRowReading.Parse<LifecycleStage>(Cell("lifecycleStage"), "lifecycleStage", errors),
                StageEnteredAt = Cell("stageEnteredAt") is { } s ? (ApiTime.TryParseTimestamp(s, out var t) ? t : ImportRowReading.Fail<DateTimeOffset?>(errors, "stageEnteredAt", $"'stageEnteredAt' must be {ApiTime.TimestampRule}.")) : null,
                OwnerId = Cell("ownerId") is { } o ? (Guid.TryParse(o, out var g) ? g : ImportRowReading.Fail<Guid?>(errors, "ownerId", "'ownerId' must be a UUID.")) : null,
                Tags = Cell("tags") is { } tags ? tags.Split(';') : null,
            };
            yield return Check(row, fields.Value, command, errors, ownerScope);
        }
    }

    private IEnumerable<CustomerImportRow> ReadNdjson(Stream file, Guid? ownerScope)
    {
        foreach (var (line, json) in ImportRowReading.NdjsonLines(file))
        {
            var (command, present, errors) = ImportRowReading.ParseLine<CreateCustomerCommand>(line, json, JsonMemberNames);
            var fields = present.Where(JsonMembers.ContainsKey).Aggregate(CustomerImportFields.None, (all, m) => all | JsonMembers[m]);
            yield return command is null
                ? new CustomerImportRow(line, fields, null, default, null, errors)
                : Check(line, fields, command, errors, ownerScope);
        }
    }

    private CustomerImportRow Check(long row, CustomerImportFields fields, CreateCustomerCommand command, List<ImportRowErrorDto> errors, Guid? ownerScope)
    {
        if (errors.Count == 0)
        {
            foreach (var failure in validator.Validate(command).Errors)
            {
                errors.Add(new ImportRowErrorDto(row, failure.PropertyName, failure.ErrorMessage));
            }
        }

        if (errors.Count == 0 && ownerScope is { } agent && command.OwnerId is { } owner && owner != agent)
        {
            errors.Add(new ImportRowErrorDto(row, "ownerId", $"{OwnerScope.OwnerNotSelfCode}: an agent imports customers it owns: leave ownerId out or send your own user id."));
        }

        if (errors.Count > 0)
        {
            return new CustomerImportRow(row, fields, null, default, null, errors.Select(e => e with { Row = row }).ToArray());
        }

        var profile = command.ToProfile();
        if (ownerScope is { } self && profile.OwnerId is null)
        {
            profile = profile with { OwnerId = self };
            fields |= CustomerImportFields.OwnerId;
        }

        var stage = command.LifecycleStage ?? LifecycleStage.Awareness;
        var (id, state) = CreatedState(profile, stage);
        return new CustomerImportRow(row, fields, profile, stage, command.StageEnteredAt, [], id, state);
    }

    /// <summary>
    /// The id and the <c>customer.created</c> state of the customer the row creates if it is new:
    /// <see cref="Customer.Create"/> and <see cref="CustomerEventData"/>'s own mapping and
    /// serialisation, so the event is the single create's. Its <c>createdAt</c>, <c>updatedAt</c>
    /// and <c>stageEnteredAt</c> are the merge's (set in SQL from the stored values); the stage date
    /// is left out here so the domain's future-date guard does not judge it against this clock.
    /// </summary>
    private (Guid Id, string State) CreatedState(CustomerProfile profile, LifecycleStage stage)
    {
        var customer = Customer.Create(profile, stage, null, clock.UtcNowMicroseconds());
        return (customer.Id, CustomerEventData.StateOf(mapper.Map<CustomerDto>(customer)).ToJsonString(ApiJson.Options));
    }

    private static CustomerImportRow Refused(long row, string? field, string message) =>
        new(row, CustomerImportFields.None, null, default, null, [new ImportRowErrorDto(row, field, message)]);
}
