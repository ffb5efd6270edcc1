using FluentValidation;

namespace CustomerRetention.Application.Access.CreateApiKey;

public sealed class CreateApiKeyValidator : AbstractValidator<CreateApiKeyCommand>
{
    public CreateApiKeyValidator() =>
        RuleFor(x => x.Fields).SetValidator(new ApiKeyFieldsValidator()).OverridePropertyName(string.Empty);
}
