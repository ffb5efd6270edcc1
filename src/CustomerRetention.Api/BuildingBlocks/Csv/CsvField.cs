using System.Text;

namespace CustomerRetention.Api.BuildingBlocks.Csv;

/// <summary>
/// One CSV cell as RFC 4180 wants it, with the formula-injection guard OWASP recommends for
/// text that people typed: a spreadsheet runs a cell starting with <c>=</c>, <c>+</c>, <c>-</c>,
/// <c>@</c>, tab or carriage return as a formula, so such text gets a leading <c>'</c>.
/// </summary>
public static class CsvField
{
    private static readonly char[] FormulaStarts = ['=', '+', '-', '@', '\t', '\r'];

    private static readonly char[] NeedsQuotes = [',', '"', '\r', '\n'];

    /// <summary>
    /// Appends <paramref name="value"/> (null: an empty cell). <paramref name="guardFormula"/> is for
    /// free text; values the API formats itself (ids, timestamps, enum values, numbers) are written as they are.
    /// </summary>
    public static void Append(StringBuilder line, string? value, bool guardFormula)
    {
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        if (guardFormula && Array.IndexOf(FormulaStarts, value[0]) >= 0)
        {
            value = "'" + value;
        }

        if (value.IndexOfAny(NeedsQuotes) < 0)
        {
            line.Append(value);
            return;
        }

        line.Append('"').Append(value.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
    }
}
