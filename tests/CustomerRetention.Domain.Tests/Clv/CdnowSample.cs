using System.Globalization;
using CustomerRetention.Domain.Value;

namespace CustomerRetention.Domain.Tests.Clv;

/// <summary>The CDNOW calibration summary (weeks), shipped with the tests under Data/, fitted once for all tests.</summary>
internal static class CdnowSample
{
    private static readonly Lazy<IReadOnlyList<CdnowCustomer>> CustomersCache = new(Load);
    private static readonly Lazy<ModelFitResult<BgNbdParameters>> BgNbdFitCache = new(() => BgNbd.Fit(BgNbdData));
    private static readonly Lazy<ModelFitResult<GammaGammaParameters>> GammaGammaFitCache = new(() => GammaGamma.Fit(SpendData));

    public static IReadOnlyList<CdnowCustomer> Customers => CustomersCache.Value;

    public static IReadOnlyList<(CustomerSummary Summary, int Count)> BgNbdData =>
        BgNbd.GroupIdentical(Customers.Select(c => c.Summary));

    public static IReadOnlyList<(SpendSummary Summary, int Count)> SpendData =>
        GammaGamma.GroupIdentical(Customers.Where(c => c.Summary.X > 0).Select(c => new SpendSummary(c.Summary.X, c.MeanSpend)));

    public static ModelFitResult<BgNbdParameters> BgNbdFit => BgNbdFitCache.Value;

    public static ModelFitResult<GammaGammaParameters> GammaGammaFit => GammaGammaFitCache.Value;

    /// <summary>The published BG/NBD estimates (weeks).</summary>
    public static BgNbdParameters PublishedBgNbd { get; } = new(0.243, 4.414, 0.793, 2.426);

    public static CdnowCustomer Customer(int id) => Customers.Single(c => c.Id == id);

    private static List<CdnowCustomer> Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Data", "cdnow_customers_summary_with_transactions.csv");
        return File.ReadLines(path)
            .Skip(1)
            .Where(line => line.Length > 0)
            .Select(line =>
            {
                var fields = line.Split(',').Select(f => double.Parse(f, CultureInfo.InvariantCulture)).ToArray();
                return new CdnowCustomer((int)fields[0], new CustomerSummary(fields[1], fields[2], fields[3]), fields[4]);
            })
            .ToList();
    }
}

internal sealed record CdnowCustomer(int Id, CustomerSummary Summary, double MeanSpend);
