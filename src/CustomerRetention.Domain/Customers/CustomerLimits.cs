namespace CustomerRetention.Domain.Customers;

/// <summary>The bounds of SPEC §2, in one place for the domain, the validators and the docs.</summary>
public static class CustomerLimits
{
    public const int NameMaxLength = 200;
    public const int CompanyMaxLength = 200;
    public const int ExternalIdMaxLength = 100;
    public const int EmailMaxLength = 254;

    /// <summary>A phone number as sent, separators included (it is stored as E.164, at most 16 characters).</summary>
    public const int PhoneInputMaxLength = 32;
    public const int AddressLineMaxLength = 200;
    public const int PostalCodeMaxLength = 20;
    public const int TagMaxLength = 50;
    public const int MaxTags = 50;
    public const int MaxAttributes = 100;
    public const int AttributeKeyMaxLength = 64;
    public const int AttributeStringValueMaxLength = 1000;
}
