using CustomerRetention.Domain.Customers;

namespace CustomerRetention.Domain.Tests.Customers;

/// <summary>
/// <see cref="ContactRules.TryNormalizeEmail"/>: the addresses RFC 5321/5322 allow in practice, with
/// the RFC 5321 size limits (local part ≤ 64 octets, whole address ≤ 254). Domains are
/// case-insensitive (RFC 1035 §2.3.3), local parts are not (RFC 5321 §2.4), so only the domain
/// is lower-cased.
/// </summary>
public sealed class EmailAddressRulesTests
{
    [Theory]
    [InlineData("jane.doe@example.com")]
    [InlineData("jane.doe+newsletter@example.com")]
    [InlineData("jane@mail.eu.example.co.uk")]
    [InlineData("o'brien@example.ie")]
    [InlineData("first_last-1@sub-domain.example.org")]
    [InlineData("x@example.museum")]
    public void A_valid_address_is_accepted_unchanged(string input)
    {
        Assert.True(ContactRules.TryNormalizeEmail(input, out var normalized));
        Assert.Equal(input, normalized);
    }

    [Theory]
    [InlineData("Jane.Doe@Example.COM", "Jane.Doe@example.com")]
    [InlineData("JANE+Tag@Mail.Example.Org", "JANE+Tag@mail.example.org")]
    public void The_domain_is_lower_cased_and_the_local_part_keeps_its_case(string input, string expected)
    {
        Assert.True(ContactRules.TryNormalizeEmail(input, out var normalized));
        Assert.Equal(expected, normalized);
    }

    [Fact]
    public void Surrounding_whitespace_is_trimmed()
    {
        Assert.True(ContactRules.TryNormalizeEmail("  jane@example.com \t", out var normalized));
        Assert.Equal("jane@example.com", normalized);
    }

    [Theory]
    [InlineData("jane.example.com")]
    [InlineData("jane")]
    [InlineData("@example.com")]
    [InlineData("jane@")]
    public void An_address_without_local_part_at_sign_or_domain_is_refused(string input)
    {
        Assert.False(ContactRules.TryNormalizeEmail(input, out _));
    }

    [Theory]
    [InlineData("jane@doe@example.com")]
    [InlineData("jane@@example.com")]
    public void An_address_with_two_at_signs_is_refused(string input)
    {
        Assert.False(ContactRules.TryNormalizeEmail(input, out _));
    }

    [Theory]
    [InlineData("jane@localhost")]
    [InlineData("jane@example")]
    [InlineData("jane@example.")]
    public void An_address_without_top_level_domain_is_refused(string input)
    {
        Assert.False(ContactRules.TryNormalizeEmail(input, out _));
    }

    [Theory]
    [InlineData("jane doe@example.com")]
    [InlineData("jane@exam ple.com")]
    [InlineData("jane @example.com")]
    [InlineData("jane@ example.com")]
    public void An_address_with_spaces_inside_is_refused(string input)
    {
        Assert.False(ContactRules.TryNormalizeEmail(input, out _));
    }

    [Theory]
    [InlineData(".jane@example.com")]
    [InlineData("jane.@example.com")]
    [InlineData("ja..ne@example.com")]
    public void A_local_part_with_a_leading_trailing_or_double_dot_is_refused(string input)
    {
        Assert.False(ContactRules.TryNormalizeEmail(input, out _));
    }

    [Theory]
    [InlineData("jane@example..com")]
    [InlineData("jane@.example.com")]
    [InlineData("jane@-example.com")]
    [InlineData("jane@example-.com")]
    public void A_malformed_domain_is_refused(string input)
    {
        Assert.False(ContactRules.TryNormalizeEmail(input, out _));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void An_empty_address_is_refused(string? input)
    {
        Assert.False(ContactRules.TryNormalizeEmail(input, out var normalized));
        Assert.Equal(string.Empty, normalized);
    }

    [Fact]
    public void A_local_part_of_64_characters_is_accepted()
    {
        var address = new string('a', 64) + "@example.com";

        Assert.True(ContactRules.TryNormalizeEmail(address, out var normalized));
        Assert.Equal(address, normalized);
    }

    [Fact]
    public void A_local_part_of_65_characters_is_refused()
    {
        Assert.False(ContactRules.TryNormalizeEmail(new string('a', 65) + "@example.com", out _));
    }

    [Fact]
    public void An_address_of_254_characters_is_accepted()
    {
        var address = AddressOfLength(254);
        Assert.Equal(254, address.Length);

        Assert.True(ContactRules.TryNormalizeEmail(address, out var normalized));
        Assert.Equal(address, normalized);
    }

    [Fact]
    public void An_address_of_255_characters_is_refused()
    {
        var address = AddressOfLength(255);
        Assert.Equal(255, address.Length);

        Assert.False(ContactRules.TryNormalizeEmail(address, out _));
    }

    /// <summary>
    /// A 64-character local part and a domain of 63-character labels (the RFC 1035 maximum), so
    /// only the total length can make the address invalid.
    /// </summary>
    private static string AddressOfLength(int length)
    {
        var local = new string('l', 64);
        var fixedPart = local.Length + "@".Length + 63 + ".".Length + 63 + ".".Length + ".com".Length;
        return $"{local}@{new string('a', 63)}.{new string('b', 63)}.{new string('c', length - fixedPart)}.com";
    }
}
