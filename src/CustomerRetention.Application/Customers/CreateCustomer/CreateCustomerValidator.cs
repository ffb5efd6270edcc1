using FluentValidation;

namespace CustomerRetention.Application.Customers.CreateCustomer;

public sealed class CreateCustomerValidator : AbstractValidator<CreateCustomerCommand>
{
    public CreateCustomerValidator(TimeProvider clock)
    {
        Include(new CustomerFieldsValidator(clock));
        RuleFor(x => x.LifecycleStage).IsInEnum();
        RuleFor(x => x.StageEnteredAt)
            .Must(at => at is null || at <= clock.GetUtcNow())
            .WithMessage("'stageEnteredAt' must not be in the future.");
    }
}
