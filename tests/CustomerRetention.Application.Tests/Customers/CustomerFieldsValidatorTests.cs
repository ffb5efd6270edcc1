using System.Text;
using CustomerRetention.Application.Customers;
using CustomerRetention.Application.Tests.Support;
using CustomerRetention.Domain.Customers;
using FluentValidation.Results;

namespace CustomerRetention.Application.Tests.Customers;

/// <summary>The field rules of SPEC §2, with errors named by their JSON path.</summary>
public sealed class CustomerFieldsValidatorTests
{
    private readonly CustomerFieldsValidator _validator;

    public CustomerFieldsValidatorTests()
    {
        ProductionValidatorOptions.EnsureConfigured();
        _validator = new CustomerFieldsValidator(new FixedTimeProvider(CustomerFieldsExamples.Now));
    }

    private static CustomerFields Valid => CustomerFieldsExamples.Complete();

    private void AssertValid(CustomerFields fields)
    {
        var result = _validator.Validate(fields);
        Assert.True(result.IsValid, Describe(result));
    }

    /// <summary>The input is refused, and only because of the member at <paramref name="path"/>.</summary>
    private void AssertRefusedAt(CustomerFields fields, string path)
    {
        var result = _validator.Validate(fields);
        Assert.False(result.IsValid, $"expected an error at '{path}'");
        Assert.All(result.Errors, e => Assert.Equal(path, e.PropertyName));
    }

    private static string Describe(ValidationResult result)
    {
        var text = new StringBuilder();
        foreach (var error in result.Errors)
        {
            text.Append(error.PropertyName).Append(": ").AppendLine(error.ErrorMessage);
        }

        return text.ToString();
    }

    [Fact]
    public void Complete_valid_fields_pass()
    {
        AssertValid(Valid);
    }

    [Fact]
    public void Only_type_and_name_are_required()
    {
        AssertValid(new CustomerFields { Type = CustomerType.Business, Name = "Acme" });
    }

    [Fact]
    public void A_missing_type_is_refused_at_type()
    {
        AssertRefusedAt(Valid with { Type = null }, "type");
    }

    [Fact]
    public void A_type_outside_the_enum_is_refused_at_type()
    {
        AssertRefusedAt(Valid with { Type = (CustomerType)99 }, "type");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void A_missing_or_blank_name_is_refused_at_name(string? name)
    {
        AssertRefusedAt(Valid with { Name = name }, "name");
    }

    [Fact]
    public void A_name_of_200_characters_is_accepted()
    {
        AssertValid(Valid with { Name = new string('n', 200) });
    }

    [Fact]
    public void A_name_of_201_characters_is_refused_at_name()
    {
        AssertRefusedAt(Valid with { Name = new string('n', 201) }, "name");
    }

    [Theory]
    [InlineData("jane.example.com")]
    [InlineData("jane@doe@example.com")]
    [InlineData("jane@localhost")]
    [InlineData("jane doe@example.com")]
    [InlineData("")]
    public void An_invalid_email_is_refused_at_email(string email)
    {
        AssertRefusedAt(Valid with { Email = email }, "email");
    }

    [Theory]
    [InlineData("015112345678")]
    [InlineData("+49 151 CALL NOW")]
    [InlineData("+1234567890123456")]
    [InlineData("+0151 1234567")]
    [InlineData("")]
    public void An_invalid_phone_is_refused_at_phone(string phone)
    {
        AssertRefusedAt(Valid with { Phone = phone }, "phone");
    }

    [Fact]
    public void A_phone_with_separators_and_00_prefix_is_accepted()
    {
        AssertValid(Valid with { Phone = "0049 (151) 1234-5678" });
    }

    [Theory]
    [InlineData("XX")]
    [InlineData("USA")]
    [InlineData("Germany")]
    public void An_invalid_country_is_refused_at_address_country(string country)
    {
        AssertRefusedAt(Valid with { Address = Valid.Address! with { Country = country } }, "address.country");
    }

    [Theory]
    [InlineData("de")]
    [InlineData("US")]
    [InlineData(null)]
    public void A_country_code_in_any_case_or_none_is_accepted(string? country)
    {
        AssertValid(Valid with { Address = Valid.Address! with { Country = country } });
    }

    [Fact]
    public void A_postal_code_longer_than_its_limit_is_refused_at_address_postal_code()
    {
        AssertRefusedAt(
            Valid with { Address = Valid.Address! with { PostalCode = new string('9', CustomerLimits.PostalCodeMaxLength + 1) } },
            "address.postalCode");
    }

    [Fact]
    public void A_birthday_in_the_future_is_refused_at_birthday()
    {
        var tomorrow = DateOnly.FromDateTime(CustomerFieldsExamples.Now.UtcDateTime).AddDays(1);

        AssertRefusedAt(Valid with { Birthday = tomorrow }, "birthday");
    }

    [Fact]
    public void A_birthday_before_1900_is_refused_at_birthday()
    {
        AssertRefusedAt(Valid with { Birthday = new DateOnly(1899, 12, 31) }, "birthday");
    }

    [Fact]
    public void Birthdays_on_1900_01_01_and_today_are_accepted()
    {
        AssertValid(Valid with { Birthday = new DateOnly(1900, 1, 1) });
        AssertValid(Valid with { Birthday = DateOnly.FromDateTime(CustomerFieldsExamples.Now.UtcDateTime) });
    }

    [Theory]
    [InlineData("vip", "VIP")]
    [InlineData("Sensitive-Skin", "sensitive-skin")]
    [InlineData("vip", " vip ")]
    public void Tags_that_are_equal_regardless_of_case_are_refused_at_tags(string first, string second)
    {
        AssertRefusedAt(Valid with { Tags = [first, "other", second] }, "tags");
    }

    [Fact]
    public void Fifty_tags_are_accepted()
    {
        AssertValid(Valid with { Tags = Enumerable.Range(1, 50).Select(i => $"tag-{i}").ToArray() });
    }

    [Fact]
    public void Fifty_one_tags_are_refused_at_tags()
    {
        AssertRefusedAt(Valid with { Tags = Enumerable.Range(1, 51).Select(i => $"tag-{i}").ToArray() }, "tags");
    }

    [Fact]
    public void A_tag_of_50_characters_is_accepted()
    {
        AssertValid(Valid with { Tags = ["vip", new string('t', 50)] });
    }

    [Fact]
    public void A_tag_of_51_characters_is_refused_at_its_index()
    {
        AssertRefusedAt(Valid with { Tags = ["vip", new string('t', 51)] }, "tags[1]");
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData(null)]
    public void An_empty_or_null_tag_is_refused_at_its_index(string? tag)
    {
        AssertRefusedAt(Valid with { Tags = [tag, "vip"] }, "tags[0]");
    }

    [Fact]
    public void A_hundred_attributes_are_accepted()
    {
        var json = "{" + string.Join(",", Enumerable.Range(1, 100).Select(i => $"\"key{i}\": {i}")) + "}";

        AssertValid(Valid with { Attributes = CustomerFieldsExamples.Attributes(json) });
    }

    [Fact]
    public void A_hundred_and_one_attributes_are_refused_at_attributes()
    {
        var json = "{" + string.Join(",", Enumerable.Range(1, 101).Select(i => $"\"key{i}\": {i}")) + "}";

        AssertRefusedAt(Valid with { Attributes = CustomerFieldsExamples.Attributes(json) }, "attributes");
    }

    [Theory]
    [InlineData("\"text\"")]
    [InlineData("\"\"")]
    [InlineData("0")]
    [InlineData("-12.5")]
    [InlineData("1e3")]
    [InlineData("true")]
    [InlineData("false")]
    public void A_string_number_or_boolean_attribute_is_accepted(string value)
    {
        AssertValid(Valid with { Attributes = CustomerFieldsExamples.Attributes($$"""{ "foo": {{value}} }""") });
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{ \"nested\": 1 }")]
    [InlineData("[]")]
    [InlineData("[1, 2]")]
    [InlineData("null")]
    public void An_object_array_or_null_attribute_is_refused_at_its_key(string value)
    {
        AssertRefusedAt(Valid with { Attributes = CustomerFieldsExamples.Attributes($$"""{ "ok": 1, "foo": {{value}} }""") }, "attributes.foo");
    }

    [Fact]
    public void An_attribute_key_of_64_characters_is_accepted()
    {
        var key = new string('k', 64);

        AssertValid(Valid with { Attributes = CustomerFieldsExamples.Attributes($$"""{ "{{key}}": 1 }""") });
    }

    [Fact]
    public void An_attribute_key_of_65_characters_is_refused_at_that_key()
    {
        var key = new string('k', 65);

        AssertRefusedAt(Valid with { Attributes = CustomerFieldsExamples.Attributes($$"""{ "{{key}}": 1 }""") }, $"attributes.{key}");
    }

    [Fact]
    public void An_empty_attribute_key_is_refused()
    {
        var result = _validator.Validate(Valid with { Attributes = CustomerFieldsExamples.Attributes("""{ "": 1 }""") });

        Assert.False(result.IsValid);
        Assert.All(result.Errors, e => Assert.StartsWith("attributes", e.PropertyName, StringComparison.Ordinal));
    }

    [Fact]
    public void Several_problems_are_all_reported_with_their_paths()
    {
        var fields = Valid with
        {
            Name = null,
            Email = "nope",
            Address = Valid.Address! with { Country = "ZZ" },
            Attributes = CustomerFieldsExamples.Attributes("""{ "foo": [1] }"""),
        };

        var result = _validator.Validate(fields);

        Assert.Equal(
            ["address.country", "attributes.foo", "email", "name"],
            result.Errors.Select(e => e.PropertyName).Distinct().Order(StringComparer.Ordinal));
    }
}
