using CustomerRetention.Domain.Customers;

namespace CustomerRetention.Domain.Tests.Customers;

/// <summary>
/// <see cref="ContactRules.TryNormalizePhone"/> against ITU-T E.164: a leading <c>+</c>, a country
/// code that never starts with 0, and at most 15 digits in all.
/// </summary>
public sealed class PhoneNumberRulesTests
{
    [Theory]
    [InlineData("+49 151 1234 5678", "+4915112345678")]
    [InlineData("+1 (555) 123-4567", "+15551234567")]
    [InlineData("+44.20.7946.0958", "+442079460958")]
    [InlineData("+33-1-23-45-67-89", "+33123456789")]
    [InlineData("+4915112345678", "+4915112345678")]
    [InlineData("  +49 30 901820  ", "+4930901820")]
    public void Phone_with_spaces_dots_dashes_and_parentheses_is_normalised_to_E164(string input, string expected)
    {
        Assert.True(ContactRules.TryNormalizePhone(input, out var normalized));
        Assert.Equal(expected, normalized);
    }

    [Theory]
    [InlineData("0049 151 12345678", "+4915112345678")]
    [InlineData("001 555 123 4567", "+15551234567")]
    [InlineData("0044 (20) 7946-0958", "+442079460958")]
    public void Leading_international_prefix_00_becomes_a_plus(string input, string expected)
    {
        Assert.True(ContactRules.TryNormalizePhone(input, out var normalized));
        Assert.Equal(expected, normalized);
    }

    [Fact]
    public void A_number_of_exactly_15_digits_is_the_longest_accepted()
    {
        Assert.True(ContactRules.TryNormalizePhone("+123456789012345", out var normalized));
        Assert.Equal("+123456789012345", normalized);
    }

    [Theory]
    [InlineData("+1234567890123456")]
    [InlineData("+49 151 1234 5678 9012")]
    [InlineData("0049151123456789012")]
    public void A_number_of_more_than_15_digits_is_refused(string input)
    {
        Assert.False(ContactRules.TryNormalizePhone(input, out _));
    }

    [Theory]
    [InlineData("+1")]
    [InlineData("+49")]
    [InlineData("+4912")]
    [InlineData("+49 12 3")]
    public void A_number_too_short_to_hold_a_country_code_and_subscriber_number_is_refused(string input)
    {
        Assert.False(ContactRules.TryNormalizePhone(input, out _));
    }

    [Theory]
    [InlineData("015112345678")]
    [InlineData("030 901820")]
    [InlineData("(555) 123-4567")]
    [InlineData("5551234567")]
    public void A_national_number_without_country_code_is_refused(string input)
    {
        Assert.False(ContactRules.TryNormalizePhone(input, out _));
    }

    [Theory]
    [InlineData("+0151 12345678")]
    [InlineData("+049 151 12345678")]
    [InlineData("000049 151 12345678")]
    public void A_country_code_starting_with_0_is_refused(string input)
    {
        Assert.False(ContactRules.TryNormalizePhone(input, out _));
    }

    [Theory]
    [InlineData("+49 151 CALL NOW")]
    [InlineData("+1-800-FLOWERS")]
    [InlineData("+49 151 1234 5678 x12")]
    [InlineData("phone: +4915112345678")]
    public void A_number_with_letters_is_refused(string input)
    {
        Assert.False(ContactRules.TryNormalizePhone(input, out _));
    }

    [Theory]
    [InlineData("++4915112345678")]
    [InlineData("+49+15112345678")]
    [InlineData("+49_151_12345678")]
    [InlineData("+49#15112345678")]
    public void A_number_with_other_symbols_is_refused(string input)
    {
        Assert.False(ContactRules.TryNormalizePhone(input, out _));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("+")]
    [InlineData("-- ()")]
    public void An_empty_or_blank_number_is_refused(string? input)
    {
        Assert.False(ContactRules.TryNormalizePhone(input, out var normalized));
        Assert.Equal(string.Empty, normalized);
    }
}
