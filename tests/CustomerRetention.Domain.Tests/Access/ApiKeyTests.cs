using CustomerRetention.Domain.Access;
using CustomerRetention.Domain.BuildingBlocks;

namespace CustomerRetention.Domain.Tests.Access;

public sealed class ApiKeyTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_generated_key_has_the_house_format_and_is_found_by_its_prefix()
    {
        var key = ApiKeySecret.Generate();

        Assert.Matches("^cr_[A-Za-z0-9]{8}_[A-Za-z0-9]{43}$", key);
        Assert.Equal(key.Substring(3, 8), ApiKeySecret.LookupPrefix(key));
        Assert.NotEqual(key, ApiKeySecret.Generate());
    }

    [Fact]
    public void A_key_of_another_shape_is_found_by_a_hash_prefix()
    {
        var prefix = ApiKeySecret.LookupPrefix("a configured bootstrap key of another shape");

        Assert.Matches("^[0-9a-f]{8}$", prefix);
        Assert.Equal(prefix, ApiKeySecret.LookupPrefix("a configured bootstrap key of another shape"));
    }

    [Fact]
    public void An_issued_key_keeps_no_text_and_accepts_only_itself_while_live()
    {
        var key = ApiKeySecret.Generate();
        var apiKey = ApiKey.Issue(key, "sync", Role.Integration, Now.AddDays(1), Now);

        Assert.DoesNotContain(key, System.Text.Encoding.UTF8.GetString(apiKey.Hash), StringComparison.Ordinal);
        Assert.Equal(32, apiKey.Hash.Length);
        Assert.True(apiKey.Accepts(key, Now));
        Assert.False(apiKey.Accepts(key + "x", Now));
        Assert.False(apiKey.Accepts(ApiKeySecret.Generate(), Now));
        Assert.False(apiKey.Accepts(key, Now.AddDays(1)));
        Assert.IsType<ApiKeyCreated>(Assert.Single(apiKey.TakeEvents()));
    }

    [Fact]
    public void Two_keys_of_one_text_have_different_salts_and_hashes()
    {
        var key = ApiKeySecret.Generate();

        Assert.NotEqual(ApiKey.Issue(key, "a", Role.Admin, null, Now).Hash, ApiKey.Issue(key, "b", Role.Admin, null, Now).Hash);
    }

    [Fact]
    public void A_revoked_key_is_refused_and_revoking_again_raises_nothing()
    {
        var key = ApiKeySecret.Generate();
        var apiKey = ApiKey.Issue(key, "sync", Role.Integration, null, Now);
        apiKey.TakeEvents();

        apiKey.Revoke(Now.AddMinutes(1));
        apiKey.Revoke(Now.AddMinutes(2));

        Assert.False(apiKey.Accepts(key, Now.AddMinutes(1)));
        Assert.Equal(Now.AddMinutes(1), apiKey.RevokedAt);
        Assert.IsType<ApiKeyRevoked>(Assert.Single(apiKey.TakeEvents()));
    }

    [Fact]
    public void An_expiry_in_the_past_is_refused()
    {
        var error = Assert.Throws<DomainValidationException>(() => ApiKey.Issue(ApiKeySecret.Generate(), "late", Role.Viewer, Now, Now));

        Assert.Equal("expiresAt", error.Member);
    }

    [Theory]
    [InlineData("viewer", Role.Viewer)]
    [InlineData("integration", Role.Integration)]
    [InlineData("Admin", null)]
    [InlineData("root", null)]
    [InlineData(null, null)]
    public void Roles_are_read_only_in_their_lower_case_spelling(string? name, Role? role) => Assert.Equal(role, Roles.Parse(name));
}
