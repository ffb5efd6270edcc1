using System.Text;

namespace CustomerRetention.Api.Tests.Support;

/// <summary>
/// A strict RFC 4180 reader for the export tests: records end with CRLF (a bare CR or LF outside
/// quotes fails), a quoted field may hold commas, CR, LF and doubled quotes, a quote inside an
/// unquoted field fails, and every record has as many fields as the header.
/// </summary>
public static class StrictCsv
{
    /// <summary>The header and the records as dictionaries keyed by the header's names.</summary>
    public static List<Dictionary<string, string>> Parse(string text)
    {
        var records = Records(text);
        Assert.NotEmpty(records);
        var header = records[0];
        return records.Skip(1).Select((r, i) =>
        {
            Assert.True(r.Count == header.Count, $"record {i + 1} has {r.Count} fields, the header {header.Count}");
            return header.Zip(r).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal);
        }).ToList();
    }

    public static List<List<string>> Records(string text)
    {
        var records = new List<List<string>>();
        var record = new List<string>();
        var field = new StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == '"')
            {
                Assert.True(field.Length == 0, $"a quote inside an unquoted field at {i}");
                i++;
                while (true)
                {
                    Assert.True(i < text.Length, "an unterminated quoted field");
                    if (text[i] == '"')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '"')
                        {
                            field.Append('"');
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    field.Append(text[i++]);
                }

                Assert.True(i == text.Length || text[i] is ',' or '\r', $"text after a closing quote at {i}");
                continue;
            }

            switch (text[i])
            {
                case ',':
                    record.Add(field.ToString());
                    field.Clear();
                    i++;
                    break;
                case '\r':
                    Assert.True(i + 1 < text.Length && text[i + 1] == '\n', $"a CR without LF at {i}");
                    record.Add(field.ToString());
                    field.Clear();
                    records.Add(record);
                    record = [];
                    i += 2;
                    break;
                case '\n':
                    Assert.Fail($"a bare LF at {i}");
                    break;
                default:
                    Assert.True(text[i] != '"', $"a quote inside an unquoted field at {i}");
                    field.Append(text[i++]);
                    break;
            }
        }

        Assert.True(field.Length == 0 && record.Count == 0, "the last record does not end with CRLF");
        return records;
    }
}
