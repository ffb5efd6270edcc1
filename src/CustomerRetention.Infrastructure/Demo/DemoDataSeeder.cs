using Bogus;
using CustomerRetention.Application.BuildingBlocks;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Application.BuildingBlocks.Jobs;
using CustomerRetention.Application.Segmentation;
using CustomerRetention.Domain.Customers;
using CustomerRetention.Domain.Interactions;
using CustomerRetention.Domain.Lifecycle;
using CustomerRetention.Domain.Orders;
using CustomerRetention.Domain.Segmentation;
using CustomerRetention.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace CustomerRetention.Infrastructure.Demo;

/// <summary>
/// Loads a realistic demo data set (customers with stage histories, orders and interactions across
/// channels) into an empty database (<c>build/run.sh --demo</c>, or
/// <c>Demo:Seed=true</c>) so Swagger UI has something real to show. Deterministic (fixed seed).
/// Does nothing when customers already exist.
/// </summary>
public sealed class DemoDataSeeder(AppDbContext db, TimeProvider clock, IJobSignal<RfmRunJob> jobs, ILogger<DemoDataSeeder> logger)
{
    public const int DefaultCustomers = 3000;

    private int _orderSequence;

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

        for (var batch = 0; batch < customers; batch += 250)
        {
            for (var i = batch; i < Math.Min(customers, batch + 250); i++)
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
                AddJourney(faker, profile, stage, since, now);
            }

            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }

        // A first RFM run, so segments and customer scores are there to explore.
        db.RfmRuns.Add(RfmRun.Queue(clock.UtcNowMicroseconds(), null, RfmPolicy.Quantile, null, clock.UtcNowMicroseconds()));
        await db.SaveChangesAsync(cancellationToken);
        jobs.Notify();

        logger.LogInformation(
            "Demo data loaded: {Customers} customers, {Orders} orders, {Interactions} interactions",
            customers,
            await db.Orders.CountAsync(cancellationToken),
            await db.Interactions.CountAsync(cancellationToken));
        return customers;
    }

    /// <summary>
    /// A customer's life up to its target stage, through the domain's own rules: the funnel
    /// stages one after another, a first order that moves it to retention, later orders, some
    /// expansion, contraction or churn, and touchpoints across channels along the way.
    /// </summary>
    private void AddJourney(Faker faker, CustomerProfile profile, LifecycleStage target, DateTimeOffset since, DateTimeOffset now)
    {
        var span = now - since;
        var at = since;
        DateTimeOffset Next(double share) => at = (at + TimeSpan.FromTicks((long)((now - at).Ticks * share * faker.Random.Double(0.3, 1.0)))).ToMicroseconds();

        var customer = Customer.Create(profile, LifecycleStage.Awareness, since, since, "demo-import");
        db.Customers.Add(customer);
        var path = target switch
        {
            LifecycleStage.Awareness => [],
            LifecycleStage.Interest => [LifecycleStage.Interest],
            LifecycleStage.Decision => [LifecycleStage.Interest, LifecycleStage.Decision],
            LifecycleStage.Retention => [LifecycleStage.Interest, LifecycleStage.Decision, LifecycleStage.Retention],
            LifecycleStage.Expansion => [LifecycleStage.Interest, LifecycleStage.Decision, LifecycleStage.Retention, LifecycleStage.Expansion],
            LifecycleStage.Contraction => [LifecycleStage.Interest, LifecycleStage.Decision, LifecycleStage.Retention, LifecycleStage.Contraction],
            _ => faker.Random.Bool(0.3f)
                ? new[] { LifecycleStage.Interest, LifecycleStage.Churned }
                : [LifecycleStage.Interest, LifecycleStage.Decision, LifecycleStage.Retention, LifecycleStage.Contraction, LifecycleStage.Churned],
        };

        var orders = 0;
        foreach (var stage in path)
        {
            Next(0.25);
            if (stage == LifecycleStage.Retention)
            {
                AddOrder(faker, customer, at, ++orders);
                var repeat = faker.Random.Number(0, target == LifecycleStage.Expansion ? 8 : 3);
                for (var i = 0; i < repeat; i++)
                {
                    AddOrder(faker, customer, Next(0.15), ++orders);
                }

                continue;
            }

            var reason = stage switch
            {
                LifecycleStage.Churned => faker.PickRandom("moved to a competitor", "no longer needs the product", "price", "unresolved complaint"),
                LifecycleStage.Contraction => faker.PickRandom("fewer orders", "complained about delivery", "smaller baskets"),
                LifecycleStage.Expansion => faker.PickRandom("bought a second product line", "upgraded plan"),
                _ => null,
            };
            customer.TransitionTo(stage, reason, at, faker.PickRandom("alice", "bob", "carmen", "dmitri"), at);
            if (stage == LifecycleStage.Expansion)
            {
                for (var i = faker.Random.Number(1, 4); i > 0; i--)
                {
                    AddOrder(faker, customer, Next(0.1), ++orders);
                }
            }
        }

        for (var i = faker.Random.Number(0, 8); i > 0; i--)
        {
            var occurred = (since + TimeSpan.FromTicks((long)(span.Ticks * faker.Random.Double()))).ToMicroseconds();
            var type = faker.PickRandom<InteractionType>();
            db.Interactions.Add(Interaction.Create(customer.Id, new InteractionDetails(
                faker.PickRandom<InteractionChannel>(),
                faker.PickRandom<InteractionDirection>(),
                type,
                occurred,
                faker.Lorem.Sentence(4).TrimEnd('.'),
                faker.Random.Bool(0.6f) ? faker.Lorem.Paragraph() : null,
                faker.Random.Bool(0.3f) ? faker.PickRandom("resolved", "follow-up scheduled", "no answer", "quote sent") : null,
                faker.Random.Bool(0.5f) ? faker.PickRandom<Sentiment>() : null,
                type is InteractionType.Feedback or InteractionType.Support ? faker.Random.Number(1, 5) : null,
                type == InteractionType.Survey ? faker.Random.Number(0, 10) : null,
                profile.OwnerId), occurred));
        }
    }

    private void AddOrder(Faker faker, Customer customer, DateTimeOffset at, int number)
    {
        var items = Enumerable.Range(0, faker.Random.Number(1, 4))
            .Select(_ => new OrderItem(
                faker.Commerce.Ean8(),
                faker.Commerce.ProductName(),
                faker.Commerce.Categories(1)[0],
                faker.Random.Number(1, 3),
                decimal.Round(faker.Random.Decimal(4, 180), 2)))
            .ToArray();
        var status = faker.Random.WeightedRandom([OrderStatus.Completed, OrderStatus.Cancelled, OrderStatus.Refunded], [0.92f, 0.05f, 0.03f]);
        var order = Order.Create(customer.Id, new OrderDetails(
            $"SO-{++_orderSequence:D7}",
            at,
            number == 1 ? OrderStatus.Completed : status,
            items.Sum(i => i.Quantity * i.UnitPrice),
            "USD",
            items,
            faker.PickRandom<OrderChannel>(),
            null), at);
        db.Orders.Add(order);
        if (order.IsCompleted)
        {
            customer.RecordCompletedOrder(at, at);
        }
    }
}
