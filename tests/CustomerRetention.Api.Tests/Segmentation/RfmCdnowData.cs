namespace CustomerRetention.Api.Tests.Segmentation;

/// <summary>
/// The CDNOW sample (Fader, Hardie &amp; Lee 2005; redistributed under the MIT licence with the
/// <c>lifetimes</c> Python package, <c>lifetimes/datasets/CDNOW_sample.txt</c>): 2,357 customers and
/// their 6,919 purchases from 1997-01-01 to 1998-06-30, read from the data file the test projects
/// share (<c>tests/Data/cdnow/cdnow_sample_purchases.txt</c>, copied to <c>Data/</c> of the output).
/// <see cref="RfmCdnowTests"/> checks it against the original file when that is at hand.
/// </summary>
public static class RfmCdnowData
{
    public const int Customers = 2357;

    public const int Purchases = 6919;

    private static readonly Lazy<string> Content = new(() =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Data", "cdnow_sample_purchases.txt")));

    /// <summary>
    /// One line per customer: the customer id (column 2 of the original), then for each purchase in
    /// the original order its date (column 3, YYYYMMDD) and amount in US dollars (column 5).
    /// </summary>
    public static string Text => Content.Value;
}
