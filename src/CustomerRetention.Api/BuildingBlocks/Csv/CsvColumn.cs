namespace CustomerRetention.Api.BuildingBlocks.Csv;

/// <summary>
/// A column of an export: its header and how a row gives its cell. <paramref name="FreeText"/> marks text
/// people typed (names, e-mails, tags), which gets the formula-injection guard of <see cref="CsvField"/>.
/// </summary>
public sealed record CsvColumn<T>(string Header, Func<T, string?> Value, bool FreeText = false);
