using CustomerRetention.Domain.Customers;

namespace CustomerRetention.Domain.Tests.Customers;

/// <summary>
/// <see cref="ContactRules.IsCountryCode"/> against the officially assigned ISO 3166-1 alpha-2
/// codes, written out here from the ISO 3166 Maintenance Agency's list (249 entries).
/// </summary>
public sealed class CountryCodeRulesTests
{
    private static readonly string[] OfficiallyAssigned =
    [
        "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX", "AZ",
        "BA", "BB", "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ", "BR", "BS", "BT", "BV", "BW", "BY", "BZ",
        "CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK", "CL", "CM", "CN", "CO", "CR", "CU", "CV", "CW", "CX", "CY", "CZ",
        "DE", "DJ", "DK", "DM", "DO", "DZ",
        "EC", "EE", "EG", "EH", "ER", "ES", "ET",
        "FI", "FJ", "FK", "FM", "FO", "FR",
        "GA", "GB", "GD", "GE", "GF", "GG", "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GS", "GT", "GU", "GW", "GY",
        "HK", "HM", "HN", "HR", "HT", "HU",
        "ID", "IE", "IL", "IM", "IN", "IO", "IQ", "IR", "IS", "IT",
        "JE", "JM", "JO", "JP",
        "KE", "KG", "KH", "KI", "KM", "KN", "KP", "KR", "KW", "KY", "KZ",
        "LA", "LB", "LC", "LI", "LK", "LR", "LS", "LT", "LU", "LV", "LY",
        "MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK", "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS", "MT", "MU", "MV", "MW", "MX", "MY", "MZ",
        "NA", "NC", "NE", "NF", "NG", "NI", "NL", "NO", "NP", "NR", "NU", "NZ",
        "OM",
        "PA", "PE", "PF", "PG", "PH", "PK", "PL", "PM", "PN", "PR", "PS", "PT", "PW", "PY",
        "QA",
        "RE", "RO", "RS", "RU", "RW",
        "SA", "SB", "SC", "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM", "SN", "SO", "SR", "SS", "ST", "SV", "SX", "SY", "SZ",
        "TC", "TD", "TF", "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO", "TR", "TT", "TV", "TW", "TZ",
        "UA", "UG", "UM", "US", "UY", "UZ",
        "VA", "VC", "VE", "VG", "VI", "VN", "VU",
        "WF", "WS",
        "YE", "YT",
        "ZA", "ZM", "ZW",
    ];

    [Theory]
    [InlineData("DE")]
    [InlineData("US")]
    [InlineData("us")]
    [InlineData("de")]
    [InlineData("Gb")]
    [InlineData("fR")]
    public void An_assigned_code_is_accepted_in_any_case(string code)
    {
        Assert.True(ContactRules.IsCountryCode(code));
    }

    [Theory]
    [InlineData("XX")]
    [InlineData("ZZ")]
    [InlineData("AA")]
    [InlineData("QZ")]
    [InlineData("XK")]
    [InlineData("UK")]
    [InlineData("EU")]
    [InlineData("YU")]
    [InlineData("AN")]
    [InlineData("zz")]
    public void An_unassigned_user_assigned_reserved_or_withdrawn_code_is_refused(string code)
    {
        Assert.False(ContactRules.IsCountryCode(code));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("D")]
    [InlineData("USA")]
    [InlineData("DEU")]
    [InlineData(" DE")]
    [InlineData("DE ")]
    [InlineData("D1")]
    [InlineData("276")]
    public void Something_that_is_not_two_letters_is_refused(string? code)
    {
        Assert.False(ContactRules.IsCountryCode(code));
    }

    [Fact]
    public void The_reference_list_has_249_distinct_codes()
    {
        Assert.Equal(249, OfficiallyAssigned.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Every_officially_assigned_code_is_accepted()
    {
        var refused = OfficiallyAssigned.Where(c => !ContactRules.IsCountryCode(c)).ToList();

        Assert.Empty(refused);
    }

    [Fact]
    public void Of_all_676_two_letter_combinations_exactly_the_assigned_ones_are_accepted()
    {
        var accepted = new List<string>();
        for (var first = 'A'; first <= 'Z'; first++)
        {
            for (var second = 'A'; second <= 'Z'; second++)
            {
                var code = string.Concat(first, second);
                if (ContactRules.IsCountryCode(code))
                {
                    accepted.Add(code);
                }
            }
        }

        Assert.Equal(OfficiallyAssigned.Order(StringComparer.Ordinal), accepted);
    }
}
