using Bogus;
using CustomerRetention.Application.Common;
using CustomerRetention.Domain.Customers;
using CustomerRetention.Domain.Lifecycle;
using CustomerRetention.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace CustomerRetention.Infrastructure.Demo;

/// <summary>
/// Loads a realistic demo data set into an empty database (<c>build/run.sh --demo</c>, or
/// <c>Demo:Seed=true</c>) so Swagger UI has something real to show. Deterministic (fixed seed).
/// Does nothing when customers already exist.
/// </summary>
public sealed class DemoDataSeeder(AppDbContext db, TimeProvider clock, ILogger<DemoDataSeeder> logger)
{
    public const int DefaultCustomers = 3000;

    private static readonly string[] TagPool =
    [
        "vip", "sensitive-skin", "ingredient-focused", "newsletter", "wholesale", "price-sensitive",
        "early-adopter", "gift-buyer", "eco-conscious", "referral", "loyalty-member", "b2b-partner",
    ];

    private static readonly (LifecycleStage Stage, double Weight)[] StageMix =
    [
        (LifecycleStage.Awareness, 0.18), (LifecycleStage.Interest, 0.14), (LifecycleStage.Decision, 0.08),
        (LifecycleStage.Retention, 0.30), (LifecycleStage.Expansion, 0.10), (LifecycleStage.Contraction, 0.08),
        (LifecycleStage.Churned, 0.12),
    ];

    public async Task<int> SeedAsync(int customers = DefaultCustomers, CancellationToken cancellationToken = default)
    {
        if (await db.Customers.IgnoreQueryFilters().AnyAsync(cancellationToken))
        {
            logger.LogInformation("Demo data skipped: the database already has customers");
            return 0;
        }

        Randomizer.Seed = new Random(20261123);
        var faker = new Faker("en");
        var now = clock.UtcNowMicroseconds();
        var owners = Enumerable.Range(0, 8).Select(_ => faker.Random.Guid()).ToArray();
        var countries = new[] { "US", "US", "US", "GB", "DE", "FR", "CA", "AU", "NL", "SE" };

        for (var batch = 0; batch < customers; batch += 500)
        {
            for (var i = batch; i < Math.Min(customers, batch + 500); i++)
            {
                var business = faker.Random.Bool(0.25f);
                var first = faker.Name.FirstName();
                var last = faker.Name.LastName();
                var company = business ? faker.Company.CompanyName() : null;
                var name = business ? company! : $"{first} {last}";
                var stage = faker.Random.WeightedRandom(StageMix.Select(s => s.Stage).ToArray(), StageMix.Select(s => (float)s.Weight).ToArray());
                var since = now.AddDays(-faker.Random.Double(1, 3 * 365)).ToMicroseconds();
                var profile = new CustomerProfile(
                    business ? CustomerType.Business : CustomerType.Individual,
                    name,
                    faker.Random.Bool(0.6f) ? $"ERP-{100000 + i}" : null,
                    company,
                    $"{first}.{last}.{i}@{faker.Internet.DomainName()}".ToLowerInvariant(),
                    faker.Random.Bool(0.7f) ? $"+1{faker.Random.Number(201, 989)}{faker.Random.Number(2000000, 9999999)}" : null,
                    faker.Random.Bool(0.8f)
                        ? new Address(faker.Address.StreetAddress(), null, faker.Address.City(), faker.Address.StateAbbr(), faker.Address.ZipCode(), faker.PickRandom(countries))
                        : null,
                    faker.Random.Bool(0.5f) ? DateOnly.FromDateTime(faker.Date.Past(60, now.UtcDateTime.AddYears(-18))) : null,
                    faker.PickRandom(TagPool, faker.Random.Number(0, 3)).ToArray(),
                    new Dictionary<string, object>
                    {
                        ["acquisitionChannel"] = faker.PickRandom("organic", "paid-search", "referral", "social", "retail"),
                        ["preferredContact"] = faker.PickRandom("email", "sms", "phone"),
                    },
                    faker.Random.Bool(0.7f) ? faker.PickRandom(owners) : null,
                    new Consent(faker.Random.Bool(0.6f), faker.Random.Bool(0.3f), faker.Random.Bool(0.2f)));
                db.Customers.Add(Customer.Create(profile, stage, since, since));
            }

            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }

        logger.LogInformation("Demo data loaded: {Customers} customers", customers);
        return customers;
    }
}
