using Bogus;
using CustomerRetention.Application.BuildingBlocks;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Application.BuildingBlocks.Json;
using CustomerRetention.Application.Surveys;
using CustomerRetention.Domain.Customers;
using CustomerRetention.Domain.Interactions;
using CustomerRetention.Domain.Lifecycle;
using CustomerRetention.Domain.Orders;
using CustomerRetention.Domain.ServiceLevels;
using CustomerRetention.Domain.ServiceLevels.Contracts;
using CustomerRetention.Domain.Surveys;
using CustomerRetention.Infrastructure.Persistence;
using MathNet.Numerics.Distributions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace CustomerRetention.Infrastructure.Demo;

/// <summary>
/// Loads a realistic demo data set (customers with stage histories, orders and interactions across
/// channels, an NPS survey with its sends and responses) into an empty database (<c>build/run.sh --demo</c>, or
/// <c>Demo:Seed=true</c>) so Swagger UI has something real to show. Deterministic (fixed seed).
/// Does nothing when customers already exist. The purchase histories are those of a BG/NBD and
/// Gamma-Gamma population, so a CLV model identifies its parameters; the host queues the first RFM
/// run and CLV model after seeding.
/// </summary>
public sealed class DemoDataSeeder(AppDbContext db, TimeProvider clock, ILogger<DemoDataSeeder> logger)
{
    public const int DefaultCustomers = 3000;

    private int _orderSequence;

    private static readonly string[] TagPool =
    [
        "vip", "sensitive-skin", "ingredient-focused", "newsletter", "wholesale", "price-sensitive",
        "early-adopter", "gift-buyer", "eco-conscious", "referral", "loyalty-member", "b2b-partner",
    ];

    /// <summary>
    /// Customers per unit of work. Small on purpose: the unit of work collects the events its
    /// reactions raise by scanning the tracked entities after each event, so a batch costs about
    /// the square of its size.
    /// </summary>
    private const int BatchSize = 25;

    /// <summary>The share of customers who buy at least once.</summary>
    private const float BuyerShare = 0.6f;

    /// <summary>Where the prospects (customers who never buy) end.</summary>
    private static readonly (LifecycleStage Stage, double Weight)[] ProspectMix =
    [
        (LifecycleStage.Awareness, 0.40), (LifecycleStage.Interest, 0.30), (LifecycleStage.Decision, 0.18),
        (LifecycleStage.Churned, 0.12),
    ];

    // The purchase process of the buyers (BG/NBD with r = 0.9, alpha = 60 days: a purchase rate
    // of 0.015 a day on average; dropout after a repeat purchase p ~ Beta(0.9, 4), on average
    // 0.18) and their spend (Gamma-Gamma with p = 6, q = 3.5, gamma = 25: about 60 per order).
    // The demo model recovers them roughly (r 0.90, alpha 64, a 0.78, b 3.5; p, q, v of the
    // day-summed amounts 4.3, 3.8, 38).
    private const double PurchaseRateShape = 0.9;
    private const double PurchaseRateRate = 60;
    private const double DropoutA = 0.9;
    private const double DropoutB = 4;
    private const double SpendShape = 6;
    private const double SpendLevelShape = 3.5;
    private const double SpendLevelRate = 25;

    private Random _random = new(20261123);

    // Of the current batch: orders saved after their customers, stages set after the orders.
    private readonly List<Order> _orders = [];
    private readonly List<(Customer Customer, LifecycleStage Stage, DateTimeOffset At)> _laterStages = [];

    /// <summary>The demo SLA policy of SPEC §9.3: an urgent case of a champion is answered within 5 minutes, around the clock.</summary>
    public static SlaPolicyDetails VipPolicy { get; } = new(
        "VIP urgent",
        1,
        false,
        new SlaConditions(["urgent"], [], [], ["champions"], []),
        null,
        HoursMode.Calendar,
        SlaPolicy.DefaultWarnAtPercent,
        [
            new SlaTarget(SlaMetric.FirstResponse, "urgent", 5),
            new SlaTarget(SlaMetric.NextResponse, "urgent", 15),
            new SlaTarget(SlaMetric.Resolution, "urgent", 240),
        ]);

    public async Task<int> SeedAsync(int customers = DefaultCustomers, CancellationToken cancellationToken = default)
    {
        if (await db.Customers.IgnoreQueryFilters().AnyAsync(cancellationToken))
        {
            logger.LogInformation("Demo data skipped: the database already has customers");
            return 0;
        }

        Randomizer.Seed = new Random(20261123);
        _random = new Random(20261124);
        var faker = new Faker("en");
        var now = clock.UtcNowMicroseconds();
        var owners = Enumerable.Range(0, 8).Select(_ => faker.Random.Guid()).ToArray();
        var countries = new[] { "US", "US", "US", "GB", "DE", "FR", "CA", "AU", "NL", "SE" };

        for (var batch = 0; batch < customers; batch += BatchSize)
        {
            for (var i = batch; i < Math.Min(customers, batch + BatchSize); i++)
            {
                var business = faker.Random.Bool(0.25f);
                var first = faker.Name.FirstName();
                var last = faker.Name.LastName();
                var company = business ? faker.Company.CompanyName() : null;
                var name = business ? company! : $"{first} {last}";
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
                AddJourney(faker, profile, since, now);
            }

            // The customers first, then their orders (the order's event reaction moves a first
            // buyer to retention, locking its row), then the stages that follow the purchases.
            await db.SaveChangesAsync(cancellationToken);
            db.Orders.AddRange(_orders);
            _orders.Clear();
            await db.SaveChangesAsync(cancellationToken);
            foreach (var (customer, stage, at) in _laterStages)
            {
                Transition(faker, customer, stage, at, now);
            }

            _laterStages.Clear();
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }

        AddVipPolicy(now);
        await db.SaveChangesAsync(cancellationToken);

        await AddSurveyAsync(faker, now, cancellationToken);
        logger.LogInformation(
            "Demo data loaded: {Customers} customers, {Orders} orders, {Interactions} interactions",
            customers,
            await db.Orders.CountAsync(cancellationToken),
            await db.Interactions.CountAsync(cancellationToken));
        return customers;
    }

    /// <summary>
    /// An active relationship NPS survey sent to 400 live customers over the last six months
    /// (e-mail, SMS or web), about 60 % of whom answered within three days, with a realistic mix
    /// of promoters, passives and detractors. Each answer records its survey interaction; the
    /// snapshot has the customer's stage (no RFM run exists yet, so no segment).
    /// </summary>
    private async Task AddSurveyAsync(Faker faker, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var survey = Survey.Create(
            new SurveyDetails(SurveyType.Nps, "Relationship NPS", "How likely are you to recommend us to a friend or colleague?", SurveyStatus.Active, SurveyLimits.DefaultThrottleDays, SurveyLimits.DefaultExpiresAfterDays),
            now.AddDays(-200));
        db.Surveys.Add(survey);
        await db.SaveChangesAsync(cancellationToken);
        var customers = await db.Customers.OrderBy(c => c.Id).Select(c => new { c.Id, c.LifecycleStage }).Take(400).ToListAsync(cancellationToken);
        var scores = new[] { 10, 10, 10, 9, 9, 9, 9, 8, 8, 8, 7, 7, 6, 5, 4, 3, 2, 0 };
        var comments = new[] { "Great service, thank you!", "Delivery was slow this time.", "Friendly support.", null, null, "Prices went up.", null };
        foreach (var customer in customers)
        {
            var sentAt = now.AddDays(-faker.Random.Double(1, 180)).ToMicroseconds();
            var send = SurveySend.Sent(survey, customer.Id, faker.PickRandom(SurveyChannel.Email, SurveyChannel.Sms, SurveyChannel.Web), null, null, SurveyTokens.Hash(SurveyTokens.New()), sentAt);
            db.SurveySends.Add(send);
            if (faker.Random.Bool(0.6f))
            {
                var respondedAt = sentAt.AddHours(faker.Random.Double(1, 72)).ToMicroseconds();
                var answer = new SurveyAnswer(faker.PickRandom(scores), faker.PickRandom(comments), send.Channel, respondedAt);
                var snapshot = new SurveySnapshot(null, null, ApiJson.EnumValue(customer.LifecycleStage));
                db.SurveyResponses.Add(SurveyResponse.Record(survey, send, customer.Id, answer, snapshot, SurveyResponseSource.Public, "demo", respondedAt));
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
    }

    /// <summary>
    /// A customer's life, through the domain's own rules. A prospect walks part of the funnel
    /// (some give up and are churned). A buyer passes interest and decision, makes a first
    /// purchase (which moves it to retention) and then buys as a BG/NBD process would: a
    /// Poisson purchase rate drawn from a Gamma distribution, after each repeat purchase a
    /// dropout with a probability drawn from a Beta distribution, and order amounts following
    /// Gamma-Gamma (a per-customer spend level, each order Gamma-distributed around it). Its
    /// final stage follows its history: many orders → expansion; long silent → contraction or
    /// churned (dated after its last order). Touchpoints across channels along the way.
    /// </summary>
    private void AddJourney(Faker faker, CustomerProfile profile, DateTimeOffset since, DateTimeOffset now)
    {
        var span = now - since;
        var at = since;
        DateTimeOffset Next(double share) => at = (at + TimeSpan.FromTicks((long)((now - at).Ticks * share * faker.Random.Double(0.3, 1.0)))).ToMicroseconds();

        var customer = Customer.Create(profile, LifecycleStage.Awareness, since, since, "demo-import");
        db.Customers.Add(customer);
        if (!faker.Random.Bool(BuyerShare))
        {
            var target = faker.Random.WeightedRandom(ProspectMix.Select(s => s.Stage).ToArray(), ProspectMix.Select(s => (float)s.Weight).ToArray());
            LifecycleStage[] path = target switch
            {
                LifecycleStage.Awareness => [],
                LifecycleStage.Interest => [LifecycleStage.Interest],
                LifecycleStage.Decision => [LifecycleStage.Interest, LifecycleStage.Decision],
                _ => [LifecycleStage.Interest, LifecycleStage.Churned],
            };
            foreach (var stage in path)
            {
                Transition(faker, customer, stage, Next(0.25), now);
            }
        }
        else
        {
            Transition(faker, customer, LifecycleStage.Interest, Next(0.15), now);
            Transition(faker, customer, LifecycleStage.Decision, Next(0.15), now);
            AddPurchases(faker, customer, Next(0.25), now);
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

    /// <summary>
    /// The first purchase at <paramref name="first"/> and the repeat purchases of a BG/NBD
    /// customer up to now, then the stage its history suggests.
    /// </summary>
    private void AddPurchases(Faker faker, Customer customer, DateTimeOffset first, DateTimeOffset now)
    {
        var rate = Gamma.Sample(_random, PurchaseRateShape, PurchaseRateRate);
        var dropout = Beta.Sample(_random, DropoutA, DropoutB);
        var spendLevel = Gamma.Sample(_random, SpendLevelShape, SpendLevelRate);
        var purchases = new List<DateTimeOffset> { first };
        AddOrder(faker, customer, first, Spend(spendLevel), OrderStatus.Completed);
        var at = first;
        while (true)
        {
            at = (at + TimeSpan.FromDays(Exponential.Sample(_random, rate))).ToMicroseconds();
            if (at > now)
            {
                break;
            }

            purchases.Add(at);
            AddOrder(faker, customer, at, Spend(spendLevel), OrderStatus.Completed);
            if (_random.NextDouble() < dropout)
            {
                break;
            }
        }

        // A few orders that do not count (cancelled or refunded), anywhere after the first.
        if (faker.Random.Bool(0.1f))
        {
            var when = (first + TimeSpan.FromTicks((long)((now - first).Ticks * faker.Random.Double()))).ToMicroseconds();
            AddOrder(faker, customer, when, Spend(spendLevel), faker.PickRandom(OrderStatus.Cancelled, OrderStatus.Refunded));
        }

        var last = purchases[^1];
        var silentDays = (now - last).TotalDays;
        if (purchases.Count >= 6 && faker.Random.Bool(0.7f))
        {
            _laterStages.Add((customer, LifecycleStage.Expansion, purchases[2].AddHours(1)));
        }

        if (silentDays > 300)
        {
            _laterStages.Add((customer, LifecycleStage.Contraction, last.AddDays(60)));
            if (faker.Random.Bool(0.7f))
            {
                _laterStages.Add((customer, LifecycleStage.Churned, last.AddDays(150)));
            }
        }
        else if (silentDays > 150)
        {
            _laterStages.Add((customer, LifecycleStage.Contraction, last.AddDays(90)));
        }
    }

    /// <summary>One order amount of a customer with this spend level (Gamma-Gamma), at least 1.00.</summary>
    private decimal Spend(double spendLevel) =>
        Math.Max(1m, decimal.Round((decimal)Gamma.Sample(_random, SpendShape, spendLevel), 2));

    private static void Transition(Faker faker, Customer customer, LifecycleStage stage, DateTimeOffset at, DateTimeOffset now)
    {
        var when = (at > now ? now : at).ToMicroseconds();
        when = when < customer.StageEnteredAt ? customer.StageEnteredAt : when;
        var reason = stage switch
        {
            LifecycleStage.Churned => faker.PickRandom("moved to a competitor", "no longer needs the product", "price", "unresolved complaint"),
            LifecycleStage.Contraction => faker.PickRandom("fewer orders", "complained about delivery", "smaller baskets"),
            LifecycleStage.Expansion => faker.PickRandom("bought a second product line", "upgraded plan"),
            _ => null,
        };
        customer.TransitionTo(stage, reason, when, faker.PickRandom("alice", "bob", "carmen", "dmitri"), now);
    }

    /// <summary>An order of <paramref name="amount"/>, split over one to three items.</summary>
    private void AddOrder(Faker faker, Customer customer, DateTimeOffset at, decimal amount, OrderStatus status)
    {
        var count = amount < 3m ? 1 : faker.Random.Number(1, 3);
        var items = new OrderItem[count];
        var left = amount;
        for (var i = 0; i < count; i++)
        {
            var price = i == count - 1 ? left : decimal.Round(amount / count, 2);
            left -= price;
            items[i] = new OrderItem(faker.Commerce.Ean8(), faker.Commerce.ProductName(), faker.Commerce.Categories(1)[0], 1, price);
        }

        var order = Order.Create(customer.Id, new OrderDetails(
            $"SO-{++_orderSequence:D7}",
            at,
            status,
            amount,
            "USD",
            items,
            faker.PickRandom<OrderChannel>(),
            null), at);
        _orders.Add(order);
    }

    private void AddVipPolicy(DateTimeOffset now)
    {
        var policy = SlaPolicy.Create(VipPolicy, now);
        db.SlaPolicies.Add(policy);
        db.SlaPolicyVersions.Add(policy.ToVersion());
    }
}
