using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Application.Segmentation.Contracts;

namespace CustomerRetention.Application.Customers;

/// <summary>The <c>rfm</c> projection on customer resources: scores of the latest succeeded run.</summary>
internal static class CustomerRfm
{
    public static async Task<CustomerDto> WithRfmAsync(this IApplicationDbContext db, CustomerDto customer, CancellationToken cancellationToken) =>
        (await db.WithRfmAsync([customer], cancellationToken))[0];

    public static async Task<IReadOnlyList<CustomerDto>> WithRfmAsync(this IApplicationDbContext db, IReadOnlyList<CustomerDto> customers, CancellationToken cancellationToken)
    {
        var scores = await db.LatestRfmScoresAsync(customers.Select(c => c.Id).ToList(), cancellationToken);
        return scores.Count == 0
            ? customers
            : customers.Select(c => scores.TryGetValue(c.Id, out var score) ? c with { Rfm = score } : c).ToList();
    }
}
