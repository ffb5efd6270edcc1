using System.Text;
using System.Text.Json;
using CustomerRetention.Application.BuildingBlocks.Json;
using nietras.SeparatedValues;

namespace CustomerRetention.Application.Imports;

/// <summary>What every kind of import reads the same way: the CSV header and records, NDJSON lines, cells and their errors.</summary>
internal static class ImportRowReading
{
    /// <summary>Unknown, repeated or missing required columns of a CSV header.</summary>
    public static List<string> HeaderProblems(IReadOnlyList<string> columns, IEnumerable<string> known, IEnumerable<string> required)
    {
        ArgumentNullException.ThrowIfNull(columns);
        var knownSet = known.ToList();
        var problems = new List<string>();
        foreach (var column in columns.Where(c => !knownSet.Contains(c, StringComparer.Ordinal)))
        {
            problems.Add($"Unknown column '{column}'. Known columns: {string.Join(", ", knownSet)}.");
        }

        foreach (var column in columns.GroupBy(c => c, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            problems.Add($"The column '{column.Key}' appears more than once.");
        }

        foreach (var column in required.Where(r => !columns.Contains(r, StringComparer.Ordinal)))
        {
            problems.Add($"The column '{column}' is required.");
        }

        return problems;
    }

    /// <summary>The column names of a CSV header line.</summary>
    public static IReadOnlyList<string> ReadHeader(string headerLine)
    {
        using var reader = Sep.Reader(o => o with { Unescape = true, Trim = SepTrim.None }).FromText(headerLine.TrimStart('\uFEFF') + "\n");
        return reader.Header.ColNames.ToArray();
    }

    /// <summary>
    /// The records of a CSV file whose header <paramref name="headerProblems"/> accepts: per record its
    /// row number (the header is row 1) and a cell reader (an empty cell is null), or the error of a
    /// record with another number of cells. With <paramref name="only"/>, the other cells are not
    /// read (null), for a pass that needs a few columns.
    /// </summary>
    public static IEnumerable<(long Row, Func<string, string?>? Cell, IReadOnlyList<string> Columns, ImportRowErrorDto? Error)> CsvRecords(
        Stream file, Func<IReadOnlyList<string>, IReadOnlyList<string>> headerProblems, IReadOnlyCollection<string>? only = null)
    {
        using var text = new StreamReader(file, new UTF8Encoding(false, true), detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16, leaveOpen: true);
        using var reader = Sep.Reader(o => o with { Unescape = true, DisableColCountCheck = true, Trim = SepTrim.None }).From(text);
        var columns = reader.Header.ColNames.ToArray();
        if (headerProblems(columns) is [var first, ..])
        {
            throw new InvalidDataException(first);
        }

        var index = columns.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i, StringComparer.Ordinal);
        var cells = new string?[columns.Length];
        var read = columns.Select(c => only is null || only.Contains(c)).ToArray();
        string? Cell(string name) => index.TryGetValue(name, out var i) ? cells[i] : null;
        long row = 1;
        foreach (var record in reader)
        {
            row++;
            if (record.ColCount != columns.Length)
            {
                yield return (row, null, columns, new ImportRowErrorDto(row, null, $"The row has {record.ColCount} cells; the header has {columns.Length}."));
                continue;
            }

            for (var i = 0; i < cells.Length; i++)
            {
                var span = read[i] ? record[i].Span : [];
                cells[i] = span.Length == 0 ? null : span.ToString();
            }

            yield return (row, Cell, columns, null);
        }
    }

    /// <summary>The non-blank lines of an NDJSON file with their line numbers.</summary>
    public static IEnumerable<(long Line, string Json)> NdjsonLines(Stream file)
    {
        using var text = new StreamReader(file, new UTF8Encoding(false, true), detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16, leaveOpen: true);
        long line = 0;
        while (text.ReadLine() is { } json)
        {
            line++;
            if (!string.IsNullOrWhiteSpace(json))
            {
                yield return (line, json);
            }
        }
    }

    /// <summary>
    /// Parses one NDJSON line into <typeparamref name="T"/>, refusing members outside <paramref name="members"/>;
    /// returns the value and the members present, or the line's errors.
    /// </summary>
    public static (T? Value, HashSet<string> Present, List<ImportRowErrorDto> Errors) ParseLine<T>(long line, string json, IReadOnlySet<string> members)
        where T : class
    {
        var errors = new List<ImportRowErrorDto>();
        var present = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                errors.Add(new ImportRowErrorDto(line, null, "A line is one JSON object."));
                return (null, present, errors);
            }

            foreach (var member in document.RootElement.EnumerateObject())
            {
                present.Add(member.Name);
                if (!members.Contains(member.Name))
                {
                    errors.Add(new ImportRowErrorDto(line, member.Name, $"Unknown member '{member.Name}'."));
                }
            }

            if (errors.Count > 0)
            {
                return (null, present, errors);
            }

            var value = document.RootElement.Deserialize<T>(ApiJson.Options);
            if (value is null)
            {
                errors.Add(new ImportRowErrorDto(line, null, "A line is one JSON object."));
            }

            return (value, present, errors);
        }
        catch (JsonException e)
        {
            var field = e.Path is { Length: > 2 } path ? path[2..] : null;
            errors.Add(new ImportRowErrorDto(line, field, field is null ? "The line is not valid JSON." : $"'{field}' has the wrong type or format."));
            return (null, present, errors);
        }
    }

    /// <summary>Records a cell's error (its row is set when the row is returned) and yields the default.</summary>
    public static T? Fail<T>(List<ImportRowErrorDto> errors, string field, string message)
    {
        errors.Add(new ImportRowErrorDto(0, field, message));
        return default;
    }

    /// <summary>An enum cell by its API spelling; another value is an error naming the allowed ones.</summary>
    public static TEnum? Parse<TEnum>(string? value, string field, List<ImportRowErrorDto> errors)
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
