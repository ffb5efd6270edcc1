using FluentValidation;

namespace CustomerRetention.Application.FollowUps.CreateCadencePolicy;

public sealed class CreateCadencePolicyValidator : AbstractValidator<CreateCadencePolicyCommand>
{
    public CreateCadencePolicyValidator() =>
        RuleFor(x => x.Fields).SetValidator(new CadencePolicyFieldsValidator()).OverridePropertyName(string.Empty);
}
