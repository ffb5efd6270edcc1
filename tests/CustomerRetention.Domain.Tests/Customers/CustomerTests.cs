using CustomerRetention.Domain.Customers;
using CustomerRetention.Domain.Lifecycle;

namespace CustomerRetention.Domain.Tests.Customers;

public sealed class CustomerTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 14, 9, 30, 0, TimeSpan.Zero);

    private static CustomerProfile Profile(
        string name = "Jane Doe",
        string? email = "Jane.Doe@example.com",
        IReadOnlyList<string>? tags = null,
        IReadOnlyDictionary<string, object>? attributes = null) => new(
            CustomerType.Individual,
            name,
            "ERP-0001",
            "Acme GmbH",
            email,
            "+4915112345678",
            new Address("Hauptstr. 1", null, "Berlin", null, "10115", "DE"),
            new DateOnly(1990, 5, 17),
            tags ?? ["vip", "sensitive-skin"],
            attributes ?? new Dictionary<string, object> { ["channel"] = "web", ["score"] = 7m, ["newsletter"] = true },
            Guid.Parse("0195f3a4-1111-7000-8000-000000000001"),
            new Consent(true, false, true));

    private static Customer NewCustomer(CustomerProfile? profile = null) =>
        Customer.Create(profile ?? Profile(), LifecycleStage.Awareness, null, Now);

    [Fact]
    public void Create_gives_the_customer_a_UUID_version_7_id()
    {
        var customer = NewCustomer();

        Assert.NotEqual(Guid.Empty, customer.Id);
        Assert.Equal(7, customer.Id.Version);
    }

    [Fact]
    public void Create_gives_every_customer_a_different_id()
    {
        var ids = Enumerable.Range(0, 100).Select(_ => NewCustomer().Id).ToHashSet();

        Assert.Equal(100, ids.Count);
    }

    [Fact]
    public void Create_copies_the_profile()
    {
        var profile = Profile();

        var customer = NewCustomer(profile);

        Assert.Equal(profile.Type, customer.Type);
        Assert.Equal(profile.Name, customer.Name);
        Assert.Equal(profile.ExternalId, customer.ExternalId);
        Assert.Equal(profile.Company, customer.Company);
        Assert.Equal(profile.Email, customer.Email);
        Assert.Equal(profile.Phone, customer.Phone);
        Assert.Equal(profile.Address, customer.Address);
        Assert.Equal(profile.Birthday, customer.Birthday);
        Assert.Equal(profile.Tags, customer.Tags);
        Assert.Equal(profile.Attributes.OrderBy(a => a.Key), customer.Attributes.OrderBy(a => a.Key));
        Assert.Equal(profile.OwnerId, customer.OwnerId);
        Assert.Equal(profile.Consent, customer.Consent);
    }

    [Fact]
    public void Create_sets_created_and_updated_to_now_and_leaves_the_customer_live()
    {
        var customer = NewCustomer();

        Assert.Equal(Now, customer.CreatedAt);
        Assert.Equal(Now, customer.UpdatedAt);
        Assert.Null(customer.ArchivedAt);
        Assert.False(customer.IsArchived);
    }

    [Theory]
    [InlineData(LifecycleStage.Awareness)]
    [InlineData(LifecycleStage.Decision)]
    [InlineData(LifecycleStage.Retention)]
    [InlineData(LifecycleStage.Churned)]
    public void Create_puts_the_customer_in_the_given_initial_stage(LifecycleStage stage)
    {
        var customer = Customer.Create(Profile(), stage, null, Now);

        Assert.Equal(stage, customer.LifecycleStage);
    }

    [Fact]
    public void Without_stage_entered_at_the_initial_stage_is_entered_now()
    {
        var customer = Customer.Create(Profile(), LifecycleStage.Interest, null, Now);

        Assert.Equal(Now, customer.StageEnteredAt);
    }

    [Fact]
    public void A_back_dated_stage_entered_at_is_kept_for_imports()
    {
        var longAgo = Now.AddYears(-3);

        var customer = Customer.Create(Profile(), LifecycleStage.Retention, longAgo, Now);

        Assert.Equal(longAgo, customer.StageEnteredAt);
        Assert.Equal(Now, customer.CreatedAt);
    }

    [Fact]
    public void Stage_entered_at_equal_to_now_is_accepted()
    {
        var customer = Customer.Create(Profile(), LifecycleStage.Awareness, Now, Now);

        Assert.Equal(Now, customer.StageEnteredAt);
    }

    [Fact]
    public void Stage_entered_at_in_the_future_is_refused()
    {
        Assert.ThrowsAny<ArgumentException>(() =>
            Customer.Create(Profile(), LifecycleStage.Awareness, Now.AddTicks(1), Now));
    }

    [Theory]
    [InlineData("vip", "VIP")]
    [InlineData("Sensitive-Skin", "sensitive-skin")]
    [InlineData("ÄRGER", "ärger")]
    public void Tags_that_differ_only_in_case_are_refused(string first, string second)
    {
        Assert.ThrowsAny<ArgumentException>(() => NewCustomer(Profile(tags: [first, second])));
    }

    [Fact]
    public void Fifty_tags_are_accepted_and_fifty_one_are_refused()
    {
        var fifty = Enumerable.Range(1, 50).Select(i => $"tag-{i}").ToArray();
        var fiftyOne = Enumerable.Range(1, 51).Select(i => $"tag-{i}").ToArray();

        Assert.Equal(50, NewCustomer(Profile(tags: fifty)).Tags.Count);
        Assert.ThrowsAny<ArgumentException>(() => NewCustomer(Profile(tags: fiftyOne)));
    }

    [Fact]
    public void A_hundred_attributes_are_accepted_and_a_hundred_and_one_are_refused()
    {
        var hundred = Enumerable.Range(1, 100).ToDictionary(i => $"key{i}", i => (object)i);
        var hundredAndOne = Enumerable.Range(1, 101).ToDictionary(i => $"key{i}", i => (object)i);

        Assert.Equal(100, NewCustomer(Profile(attributes: hundred)).Attributes.Count);
        Assert.ThrowsAny<ArgumentException>(() => NewCustomer(Profile(attributes: hundredAndOne)));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("\t\n")]
    public void A_blank_name_is_refused(string name)
    {
        Assert.ThrowsAny<ArgumentException>(() => NewCustomer(Profile(name: name)));
    }

    [Fact]
    public void A_name_of_200_characters_is_accepted_and_one_of_201_is_refused()
    {
        var longest = new string('n', 200);

        Assert.Equal(longest, NewCustomer(Profile(name: longest)).Name);
        Assert.ThrowsAny<ArgumentException>(() => NewCustomer(Profile(name: new string('n', 201))));
    }

    [Fact]
    public void Tag_keys_are_the_tags_in_lower_case_and_the_tags_keep_their_case()
    {
        var customer = NewCustomer(Profile(tags: ["VIP", "Sensitive-Skin", "ingredient-focused"]));

        Assert.Equal(["VIP", "Sensitive-Skin", "ingredient-focused"], customer.Tags);
        Assert.Equal(["vip", "sensitive-skin", "ingredient-focused"], customer.TagKeys);
    }

    [Fact]
    public void Email_key_is_the_whole_address_in_lower_case_and_the_email_keeps_its_case()
    {
        var customer = NewCustomer(Profile(email: "Jane.Doe@Example.com"));

        Assert.Equal("Jane.Doe@Example.com", customer.Email);
        Assert.Equal("jane.doe@example.com", customer.EmailKey);
    }

    [Fact]
    public void Without_email_there_is_no_email_key()
    {
        var customer = NewCustomer(Profile(email: null));

        Assert.Null(customer.Email);
        Assert.Null(customer.EmailKey);
    }

    [Fact]
    public void Update_profile_replaces_the_fields_and_moves_updated_at_on()
    {
        var customer = NewCustomer();
        var later = Now.AddMinutes(5);
        var changed = Profile(name: "Jane Roe", email: "Jane.Roe@Example.org", tags: ["Gold"]) with
        {
            Type = CustomerType.Business,
            Company = null,
            Phone = null,
            Address = null,
            Consent = Consent.None,
        };

        customer.UpdateProfile(changed, later);

        Assert.Equal(CustomerType.Business, customer.Type);
        Assert.Equal("Jane Roe", customer.Name);
        Assert.Null(customer.Company);
        Assert.Null(customer.Phone);
        Assert.Null(customer.Address);
        Assert.Equal("jane.roe@example.org", customer.EmailKey);
        Assert.Equal(["Gold"], customer.Tags);
        Assert.Equal(["gold"], customer.TagKeys);
        Assert.Equal(Consent.None, customer.Consent);
        Assert.Equal(later, customer.UpdatedAt);
        Assert.Equal(Now, customer.CreatedAt);
    }

    [Fact]
    public void Update_profile_checks_the_same_invariants_as_create()
    {
        var customer = NewCustomer();

        Assert.ThrowsAny<ArgumentException>(() => customer.UpdateProfile(Profile(name: " "), Now.AddMinutes(1)));
        Assert.ThrowsAny<ArgumentException>(() => customer.UpdateProfile(Profile(tags: ["a", "A"]), Now.AddMinutes(1)));
        Assert.Equal("Jane Doe", customer.Name);
        Assert.Equal(Now, customer.UpdatedAt);
    }

    [Fact]
    public void Archive_records_when_the_customer_was_archived()
    {
        var customer = NewCustomer();
        var later = Now.AddHours(1);

        customer.Archive(later);

        Assert.True(customer.IsArchived);
        Assert.Equal(later, customer.ArchivedAt);
        Assert.Equal(later, customer.UpdatedAt);
    }

    [Fact]
    public void An_archived_customer_cannot_be_archived_again()
    {
        var customer = NewCustomer();
        customer.Archive(Now.AddHours(1));

        Assert.Throws<InvalidOperationException>(() => customer.Archive(Now.AddHours(2)));
        Assert.Equal(Now.AddHours(1), customer.ArchivedAt);
    }

    [Fact]
    public void An_archived_customer_cannot_be_updated()
    {
        var customer = NewCustomer();
        customer.Archive(Now.AddHours(1));

        Assert.Throws<InvalidOperationException>(() => customer.UpdateProfile(Profile(name: "Someone Else"), Now.AddHours(2)));
        Assert.Equal("Jane Doe", customer.Name);
    }

    [Fact]
    public void To_profile_returns_the_profile_the_customer_was_created_with()
    {
        var profile = Profile();
        var customer = NewCustomer(profile);

        var roundTrip = customer.ToProfile();

        Assert.Equal(profile.Type, roundTrip.Type);
        Assert.Equal(profile.Name, roundTrip.Name);
        Assert.Equal(profile.ExternalId, roundTrip.ExternalId);
        Assert.Equal(profile.Company, roundTrip.Company);
        Assert.Equal(profile.Email, roundTrip.Email);
        Assert.Equal(profile.Phone, roundTrip.Phone);
        Assert.Equal(profile.Address, roundTrip.Address);
        Assert.Equal(profile.Birthday, roundTrip.Birthday);
        Assert.Equal(profile.Tags, roundTrip.Tags);
        Assert.Equal(profile.Attributes.OrderBy(a => a.Key), roundTrip.Attributes.OrderBy(a => a.Key));
        Assert.Equal(profile.OwnerId, roundTrip.OwnerId);
        Assert.Equal(profile.Consent, roundTrip.Consent);
    }

    [Fact]
    public void Create_does_not_share_the_profiles_collections()
    {
        var tags = new List<string> { "vip" };
        var attributes = new Dictionary<string, object> { ["channel"] = "web" };
        var customer = NewCustomer(Profile(tags: tags, attributes: attributes));

        tags.Add("added-later");
        attributes["added-later"] = true;

        Assert.Equal(["vip"], customer.Tags);
        Assert.Equal(["vip"], customer.TagKeys);
        Assert.False(customer.Attributes.ContainsKey("added-later"));
    }
}
