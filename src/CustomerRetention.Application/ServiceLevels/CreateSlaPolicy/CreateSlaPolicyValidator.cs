using FluentValidation;

namespace CustomerRetention.Application.ServiceLevels.CreateSlaPolicy;

public sealed class CreateSlaPolicyValidator : AbstractValidator<CreateSlaPolicyCommand>
{
    public CreateSlaPolicyValidator() =>
        RuleFor(x => x.Fields).SetValidator(new SlaPolicyFieldsValidator()).OverridePropertyName(string.Empty);
}
