using FluentValidation;

namespace CustomerRetention.Application.Interactions.CreateInteraction;

public sealed class CreateInteractionValidator : AbstractValidator<CreateInteractionCommand>
{
    public CreateInteractionValidator(TimeProvider clock) =>
        RuleFor(x => x.Fields).SetValidator(new InteractionFieldsValidator(clock)).OverridePropertyName(string.Empty);
}
