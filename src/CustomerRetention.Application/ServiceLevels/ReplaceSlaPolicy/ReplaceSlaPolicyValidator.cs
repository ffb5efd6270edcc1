using FluentValidation;

namespace CustomerRetention.Application.ServiceLevels.ReplaceSlaPolicy;

public sealed class ReplaceSlaPolicyValidator : AbstractValidator<ReplaceSlaPolicyCommand>
{
    public ReplaceSlaPolicyValidator() =>
        RuleFor(x => x.Fields).SetValidator(new SlaPolicyFieldsValidator()).OverridePropertyName(string.Empty);
}
