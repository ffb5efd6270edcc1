using System.Text;
using CustomerRetention.Api.BuildingBlocks.Csv;

namespace CustomerRetention.Api.Tests.BuildingBlocks;

/// <summary>
/// The cell rules of the exports, including the starts the API's own input rules trim away
/// (tab, carriage return) and so cannot be reached through a customer.
/// </summary>
public sealed class CsvFieldExportTests
{
    [Theory]
    [InlineData("plain", true, "plain")]
    [InlineData(null, true, "")]
    [InlineData("=1+2", true, "'=1+2")]
    [InlineData("+1", true, "'+1")]
    [InlineData("-1", true, "'-1")]
    [InlineData("@SUM(A1)", true, "'@SUM(A1)")]
    [InlineData("\tTabbed", true, "'\tTabbed")]
    [InlineData("\rCR", true, "\"'\rCR\"")]
    [InlineData("-1", false, "-1")]
    [InlineData("a,b", false, "\"a,b\"")]
    [InlineData("say \"hi\"", false, "\"say \"\"hi\"\"\"")]
    [InlineData("two\nlines", false, "\"two\nlines\"")]
    [InlineData("a=b", true, "a=b")]
    public void A_cell_is_quoted_and_guarded_as_rfc_4180_and_owasp_say(string? value, bool freeText, string expected)
    {
        var line = new StringBuilder();
        CsvField.Append(line, value, freeText);
        Assert.Equal(expected, line.ToString());
    }
}
