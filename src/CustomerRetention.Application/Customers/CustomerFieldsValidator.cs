using System.Text.Json;
using CustomerRetention.Domain.Customers;
using FluentValidation;

namespace CustomerRetention.Application.Customers;

/// <summary>The rules of SPEC §2 for a customer's fields, shared by create and update.</summary>
public sealed class CustomerFieldsValidator : AbstractValidator<CustomerFields>
{
    private static readonly DateOnly EarliestBirthday = new(1900, 1, 1);

    public CustomerFieldsValidator(TimeProvider clock)
    {
        RuleFor(x => x.Type).NotNull().IsInEnum();

        RuleFor(x => x.Name)
            .NotNull()
            .Must(n => !string.IsNullOrWhiteSpace(n)).WithMessage("'name' must not be empty.")
            .MaximumLength(CustomerLimits.NameMaxLength);

        RuleFor(x => x.ExternalId)
            .Must(v => v is null || !string.IsNullOrWhiteSpace(v)).WithMessage("'externalId' must not be blank; omit it or send null.")
            .MaximumLength(CustomerLimits.ExternalIdMaxLength);

        RuleFor(x => x.Company).MaximumLength(CustomerLimits.CompanyMaxLength);

        RuleFor(x => x.Email)
            .Must(e => e is null || ContactRules.TryNormalizeEmail(e, out _))
            .WithMessage("'email' is not a valid e-mail address.");

        RuleFor(x => x.Phone)
            .MaximumLength(CustomerLimits.PhoneInputMaxLength)
            .Must(p => p is null || ContactRules.TryNormalizePhone(p, out _))
            .WithMessage("'phone' must be an international number with country code, e.g. +4915112345678 (E.164).");

        RuleFor(x => x.Address!).ChildRules(address =>
        {
            address.RuleFor(a => a.Line1).MaximumLength(CustomerLimits.AddressLineMaxLength);
            address.RuleFor(a => a.Line2).MaximumLength(CustomerLimits.AddressLineMaxLength);
            address.RuleFor(a => a.City).MaximumLength(CustomerLimits.AddressLineMaxLength);
            address.RuleFor(a => a.Region).MaximumLength(CustomerLimits.AddressLineMaxLength);
            address.RuleFor(a => a.PostalCode).MaximumLength(CustomerLimits.PostalCodeMaxLength);
            address.RuleFor(a => a.Country)
                .Must(c => c is null || ContactRules.IsCountryCode(c))
                .WithMessage("'country' must be an ISO 3166-1 alpha-2 code such as DE or US.");
        }).When(x => x.Address is not null);

        RuleFor(x => x.Birthday)
            .Must(b => b is null || (b >= EarliestBirthday && b <= DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime)))
            .WithMessage("'birthday' must be a date between 1900-01-01 and today.");

        RuleFor(x => x.Tags!)
            .Must(t => t.Count <= CustomerLimits.MaxTags).WithMessage($"At most {CustomerLimits.MaxTags} tags are allowed.")
            .Must(t => t.Where(x => x is not null).Select(x => x!.Trim().ToLowerInvariant()).Distinct().Count() == t.Count(x => x is not null))
            .WithMessage("Tags must be unique regardless of case.")
            .When(x => x.Tags is not null);
        RuleForEach(x => x.Tags!)
            .Must(t => !string.IsNullOrWhiteSpace(t) && t.Trim().Length <= CustomerLimits.TagMaxLength)
            .WithMessage($"A tag is 1–{CustomerLimits.TagMaxLength} characters.")
            .When(x => x.Tags is not null);

        RuleFor(x => x.Attributes!)
            .Must(a => a.Count <= CustomerLimits.MaxAttributes).WithMessage($"At most {CustomerLimits.MaxAttributes} attributes are allowed.")
            .When(x => x.Attributes is not null);
        RuleFor(x => x.Attributes!)
            .Custom((attributes, context) =>
            {
                foreach (var (key, value) in attributes)
                {
                    var path = $"attributes.{key}";
                    if (key.Length is 0 or > CustomerLimits.AttributeKeyMaxLength || string.IsNullOrWhiteSpace(key))
                    {
                        context.AddFailure(path, $"An attribute key is 1–{CustomerLimits.AttributeKeyMaxLength} characters.");
                    }

                    var problem = value.ValueKind switch
                    {
                        JsonValueKind.String when value.GetString()!.Length > CustomerLimits.AttributeStringValueMaxLength =>
                            $"A text attribute is at most {CustomerLimits.AttributeStringValueMaxLength} characters.",
                        JsonValueKind.String or JsonValueKind.True or JsonValueKind.False => null,
                        JsonValueKind.Number when value.TryGetDecimal(out _) => null,
                        JsonValueKind.Number => "The number is out of range.",
                        _ => "An attribute value is a string, a number or a boolean.",
                    };
                    if (problem is not null)
                    {
                        context.AddFailure(path, problem);
                    }
                }
            })
            .When(x => x.Attributes is not null);

        RuleFor(x => x.OwnerId).NotEqual(Guid.Empty).When(x => x.OwnerId is not null);
    }
}
