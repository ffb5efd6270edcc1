using System.Globalization;
using CustomerRetention.Application.Customers;
using CustomerRetention.Application.Tests.Support;
using CustomerRetention.Domain.Customers;
using CustomerRetention.Domain.Lifecycle;

namespace CustomerRetention.Application.Tests.Customers;

/// <summary><see cref="CustomerFields.ToProfile"/> turns validated input into the normalised profile.</summary>
public sealed class CustomerFieldsTests
{
    private static CustomerFields Minimal => new() { Type = CustomerType.Individual, Name = "Jane Doe" };

    [Fact]
    public void The_name_is_trimmed()
    {
        var profile = (Minimal with { Name = "  Jane Doe \t" }).ToProfile();

        Assert.Equal("Jane Doe", profile.Name);
    }

    [Fact]
    public void The_phone_is_stored_in_E164()
    {
        var profile = (Minimal with { Phone = "0049 (151) 1234-5678" }).ToProfile();

        Assert.Equal("+4915112345678", profile.Phone);
    }

    [Fact]
    public void The_email_domain_is_lower_cased_and_the_local_part_kept()
    {
        var profile = (Minimal with { Email = " Jane.Doe@Example.COM " }).ToProfile();

        Assert.Equal("Jane.Doe@example.com", profile.Email);
    }

    [Fact]
    public void The_country_is_upper_cased()
    {
        var profile = (Minimal with { Address = new AddressFields(null, null, "Berlin", null, null, "de") }).ToProfile();

        Assert.Equal(new Address(null, null, "Berlin", null, null, "DE"), profile.Address);
    }

    [Fact]
    public void Whitespace_only_optional_strings_become_null_and_others_are_trimmed()
    {
        var profile = (Minimal with
        {
            ExternalId = "  ERP-7 ",
            Company = "   ",
            Address = new AddressFields(" Hauptstr. 1 ", "  ", " Berlin", "\t", " 10115 ", " de "),
        }).ToProfile();

        Assert.Equal("ERP-7", profile.ExternalId);
        Assert.Null(profile.Company);
        Assert.Equal(new Address("Hauptstr. 1", null, "Berlin", null, "10115", "DE"), profile.Address);
    }

    [Fact]
    public void An_address_with_nothing_in_it_becomes_no_address()
    {
        var profile = (Minimal with { Address = new AddressFields(" ", null, "", null, "  ", null) }).ToProfile();

        Assert.Null(profile.Address);
    }

    [Fact]
    public void Absent_optional_fields_stay_absent()
    {
        var profile = Minimal.ToProfile();

        Assert.Null(profile.ExternalId);
        Assert.Null(profile.Company);
        Assert.Null(profile.Email);
        Assert.Null(profile.Phone);
        Assert.Null(profile.Address);
        Assert.Null(profile.Birthday);
        Assert.Null(profile.OwnerId);
        Assert.Empty(profile.Tags);
        Assert.Empty(profile.Attributes);
    }

    [Fact]
    public void Consent_defaults_to_false_for_every_channel()
    {
        Assert.Equal(new Consent(false, false, false), Minimal.ToProfile().Consent);
    }

    [Fact]
    public void Consent_channels_left_out_are_false()
    {
        var profile = (Minimal with { Consent = new ConsentFields(true, null, null) }).ToProfile();

        Assert.Equal(new Consent(true, false, false), profile.Consent);
    }

    [Fact]
    public void Tags_are_trimmed_and_keep_their_case_and_order()
    {
        var profile = (Minimal with { Tags = [" VIP ", "sensitive-skin", "Ingredient-Focused "] }).ToProfile();

        Assert.Equal(["VIP", "sensitive-skin", "Ingredient-Focused"], profile.Tags);
    }

    [Fact]
    public void Attribute_values_become_plain_strings_numbers_and_booleans()
    {
        var profile = (Minimal with
        {
            Attributes = CustomerFieldsExamples.Attributes("""{ "channel": "web", "visits": 12, "ratio": 0.25, "vip": true, "churned": false }"""),
        }).ToProfile();

        Assert.Equal("web", Assert.IsType<string>(profile.Attributes["channel"]));
        Assert.Equal(12m, Convert.ToDecimal(profile.Attributes["visits"], CultureInfo.InvariantCulture));
        Assert.Equal(0.25m, Convert.ToDecimal(profile.Attributes["ratio"], CultureInfo.InvariantCulture));
        Assert.True(Assert.IsType<bool>(profile.Attributes["vip"]));
        Assert.False(Assert.IsType<bool>(profile.Attributes["churned"]));
    }

    [Fact]
    public void The_fields_of_a_customer_give_back_the_same_profile()
    {
        var original = CustomerFieldsExamples.Complete().ToProfile();
        var customer = Customer.Create(original, LifecycleStage.Awareness, null, CustomerFieldsExamples.Now);

        var roundTrip = CustomerFields.From(customer).ToProfile();

        Assert.Equal(original.Type, roundTrip.Type);
        Assert.Equal(original.Name, roundTrip.Name);
        Assert.Equal(original.ExternalId, roundTrip.ExternalId);
        Assert.Equal(original.Company, roundTrip.Company);
        Assert.Equal(original.Email, roundTrip.Email);
        Assert.Equal(original.Phone, roundTrip.Phone);
        Assert.Equal(original.Address, roundTrip.Address);
        Assert.Equal(original.Birthday, roundTrip.Birthday);
        Assert.Equal(original.Tags, roundTrip.Tags);
        Assert.Equal(original.Attributes.OrderBy(a => a.Key), roundTrip.Attributes.OrderBy(a => a.Key));
        Assert.Equal(original.OwnerId, roundTrip.OwnerId);
        Assert.Equal(original.Consent, roundTrip.Consent);
    }

    [Fact]
    public void The_fields_of_a_customer_pass_validation()
    {
        ProductionValidatorOptions.EnsureConfigured();
        var customer = Customer.Create(
            CustomerFieldsExamples.Complete().ToProfile(), LifecycleStage.Awareness, null, CustomerFieldsExamples.Now);
        var validator = new CustomerFieldsValidator(new FixedTimeProvider(CustomerFieldsExamples.Now));

        var result = validator.Validate(CustomerFields.From(customer));

        Assert.True(result.IsValid, string.Join("; ", result.Errors.Select(e => $"{e.PropertyName}: {e.ErrorMessage}")));
    }

    [Fact]
    public void The_fields_of_a_customer_without_optional_data_have_no_address_and_no_consent()
    {
        var customer = Customer.Create(Minimal.ToProfile(), LifecycleStage.Awareness, null, CustomerFieldsExamples.Now);

        var fields = CustomerFields.From(customer);

        Assert.Null(fields.Address);
        Assert.Null(fields.Email);
        Assert.Empty(fields.Tags!);
        Assert.Empty(fields.Attributes!);
        Assert.Equal(new ConsentFields(false, false, false), fields.Consent);
    }
}
