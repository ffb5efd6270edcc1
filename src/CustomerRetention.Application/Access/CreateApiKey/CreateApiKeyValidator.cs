using CustomerRetention.Domain.Access;
using FluentValidation;

namespace CustomerRetention.Application.Access.CreateApiKey;

/// <summary>Name and role are required; an expiry in the past is refused by the key itself (<see cref="ApiKey.Issue"/>).</summary>
public sealed class CreateApiKeyValidator : AbstractValidator<CreateApiKeyCommand>
{
    public CreateApiKeyValidator()
    {
        RuleFor(x => x.Fields.Name).NotEmpty().MaximumLength(ApiKey.NameMaxLength).OverridePropertyName("name");
        RuleFor(x => x.Fields.Role).NotNull().OverridePropertyName("role");
    }
}
