using System.Text;
using System.Text.Json;
using CustomerRetention.Application.BuildingBlocks.Json;
using CustomerRetention.Application.BuildingBlocks.Security;
using CustomerRetention.Application.Customers;
using CustomerRetention.Application.Customers.CreateCustomer;
using CustomerRetention.Domain.Customers;
using CustomerRetention.Domain.Imports;
using CustomerRetention.Domain.Lifecycle;
using FluentValidation;
using nietras.SeparatedValues;

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
/// create normalises it) or refused (<see cref="Errors"/>).
/// </summary>
public sealed record CustomerImportRow(
    long Row,
    CustomerImportFields Fields,
    CustomerProfile? Profile,
    LifecycleStage Stage,
    DateTimeOffset? StageEnteredAt,
    IReadOnlyList<ImportRowErrorDto> Errors);

/// <summary>
/// Reads the rows of a customer import, CSV (the customer export's columns) or NDJSON (the body of
/// <c>POST /api/v1/customers</c> per line), and checks each with the create's own validator.
/// </summary>
public sealed class CustomerImportRows(IValidator<CreateCustomerCommand> validator)
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

    /// <summary>
    /// The CSV header's problems: an unknown or repeated column, or a required column (type, name)
    /// missing. Checked when the file is uploaded, so a wrong file is a 400 before any job runs.
    /// </summary>
    public static IReadOnlyList<string> HeaderProblems(IReadOnlyList<string> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        var problems = new List<string>();
        foreach (var column in columns.Where(c => !CsvColumns.ContainsKey(c)))
        {
            problems.Add($"Unknown column '{column}'. Known columns: {string.Join(", ", CsvColumns.Keys)}.");
        }

        foreach (var column in columns.GroupBy(c => c, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            problems.Add($"The column '{column.Key}' appears more than once.");
        }

        foreach (var required in RequiredColumns.Where(r => !columns.Contains(r, StringComparer.Ordinal)))
        {
            problems.Add($"The column '{required}' is required.");
        }

        return problems;
    }

    /// <summary>The column names of a CSV header line.</summary>
    public static IReadOnlyList<string> ReadHeader(string headerLine)
    {
        using var reader = Sep.Reader(o => o with { Unescape = true, Trim = SepTrim.None }).FromText(headerLine.TrimStart('\uFEFF') + "\n");
        return reader.Header.ColNames.ToArray();
    }

    /// <summary>The rows of <paramref name="file"/>, in file order, each valid or with its errors.</summary>
    public IEnumerable<CustomerImportRow> Read(Stream file, ImportFormat format, Guid? ownerScope) =>
        format == ImportFormat.Csv ? ReadCsv(file, ownerScope) : ReadNdjson(file, ownerScope);

    private IEnumerable<CustomerImportRow> ReadCsv(Stream file, Guid? ownerScope)
    {
        using var text = new StreamReader(file, new UTF8Encoding(false, true), detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16, leaveOpen: true);
        using var reader = Sep.Reader(o => o with { Unescape = true, DisableColCountCheck = true, Trim = SepTrim.None }).From(text);
        var columns = reader.Header.ColNames.ToArray();
        if (HeaderProblems(columns) is [var first, ..])
        {
            throw new InvalidDataException(first);
        }

        var index = columns.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i, StringComparer.Ordinal);
        var fields = columns.Aggregate(CustomerImportFields.None, (all, c) => all | CsvColumns[c]);
        var cells = new string?[columns.Length];
        long row = 1;
        foreach (var record in reader)
        {
            row++;
            if (record.ColCount != columns.Length)
            {
                yield return Refused(row, null, $"The row has {record.ColCount} cells; the header has {columns.Length}.");
                continue;
            }

            for (var i = 0; i < cells.Length; i++)
            {
                var span = record[i].Span;
                cells[i] = span.Length == 0 ? null : span.ToString();
            }

            var errors = new List<ImportRowErrorDto>();
            string? Cell(string name) => index.TryGetValue(name, out var i) ? cells[i] : null;

            var command = new CreateCustomerCommand
            {
                Type = Parse<CustomerType>(Cell("type"), "type", errors),
                Name = Cell("name"),
                ExternalId = Cell("externalId"),
                Company = Cell("company"),
                Email = Cell("email"),
                Phone = Cell("phone"),
                Birthday = Cell("birthday") is { } b ? (ApiTime.TryParseDate(b, out var d) ? d : Fail<DateOnly?>(errors, "birthday", $"'birthday' must be {ApiTime.DateRule}.")) : null,
                LifecycleStage = Parse<LifecycleStage>(Cell("lifecycleStage"), "lifecycleStage", errors),
                StageEnteredAt = Cell("stageEnteredAt") is { } s ? (ApiTime.TryParseTimestamp(s, out var t) ? t : Fail<DateTimeOffset?>(errors, "stageEnteredAt", $"'stageEnteredAt' must be {ApiTime.TimestampRule}.")) : null,
                OwnerId = Cell("ownerId") is { } o ? (Guid.TryParse(o, out var g) ? g : Fail<Guid?>(errors, "ownerId", "'ownerId' must be a UUID.")) : null,
                Tags = Cell("tags") is { } tags ? tags.Split(';') : null,
            };
            yield return Check(row, fields, command, errors, ownerScope);
        }
    }

    private IEnumerable<CustomerImportRow> ReadNdjson(Stream file, Guid? ownerScope)
    {
        using var text = new StreamReader(file, new UTF8Encoding(false, true), detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16, leaveOpen: true);
        long line = 0;
        while (text.ReadLine() is { } json)
        {
            line++;
            if (string.IsNullOrWhiteSpace(json))
            {
                continue;
            }

            yield return ReadJson(line, json, ownerScope);
        }
    }

    private CustomerImportRow ReadJson(long line, string json, Guid? ownerScope)
    {
        var errors = new List<ImportRowErrorDto>();
        CreateCustomerCommand? command;
        var fields = CustomerImportFields.None;
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return Refused(line, null, "A line is one JSON object.");
            }

            foreach (var member in document.RootElement.EnumerateObject())
            {
                if (JsonMembers.TryGetValue(member.Name, out var field))
                {
                    fields |= field;
                }
                else
                {
                    errors.Add(new ImportRowErrorDto(line, member.Name, $"Unknown member '{member.Name}'."));
                }
            }

            if (errors.Count > 0)
            {
                return new CustomerImportRow(line, fields, null, default, null, errors);
            }

            command = document.RootElement.Deserialize<CreateCustomerCommand>(ApiJson.Options);
        }
        catch (JsonException e)
        {
            var field = e.Path is { Length: > 2 } path ? path[2..] : null;
            return Refused(line, field, field is null ? "The line is not valid JSON." : $"'{field}' has the wrong type or format.");
        }

        return command is null ? Refused(line, null, "A line is one JSON object.") : Check(line, fields, command, errors, ownerScope);
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

        return new CustomerImportRow(row, fields, profile, command.LifecycleStage ?? LifecycleStage.Awareness, command.StageEnteredAt, []);
    }

    private static CustomerImportRow Refused(long row, string? field, string message) =>
        new(row, CustomerImportFields.None, null, default, null, [new ImportRowErrorDto(row, field, message)]);

    private static T? Fail<T>(List<ImportRowErrorDto> errors, string field, string message)
    {
        errors.Add(new ImportRowErrorDto(0, field, message));
        return default;
    }

    private static TEnum? Parse<TEnum>(string? value, string field, List<ImportRowErrorDto> errors)
        where TEnum : struct, Enum
    {
        if (value is null)
        {
            return null;
        }

        foreach (var member in Enum.GetValues<TEnum>())
        {
            if (string.Equals(ApiJson.EnumValue(member), value, StringComparison.Ordinal))
            {
                return member;
            }
        }

        errors.Add(new ImportRowErrorDto(0, field, $"'{field}' must be one of: {string.Join(", ", ApiJson.EnumValues(typeof(TEnum)))}."));
        return null;
    }
}
