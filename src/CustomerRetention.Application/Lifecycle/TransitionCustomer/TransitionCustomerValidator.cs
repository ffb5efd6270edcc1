using CustomerRetention.Domain.Lifecycle;
using FluentValidation;

namespace CustomerRetention.Application.Lifecycle.TransitionCustomer;

public sealed class TransitionCustomerValidator : AbstractValidator<TransitionCustomerCommand>
{
    public const int ReasonMaxLength = 500;

    public TransitionCustomerValidator(TimeProvider clock)
    {
        RuleFor(x => x.Request.ToStage).NotNull().IsInEnum().OverridePropertyName("toStage");
        RuleFor(x => x.Request.Reason).MaximumLength(ReasonMaxLength).OverridePropertyName("reason");
        RuleFor(x => x.Request.Reason)
            .Must(r => !string.IsNullOrWhiteSpace(r))
            .When(x => x.Request.ToStage == LifecycleStage.Churned)
            .OverridePropertyName("reason")
            .WithMessage("A reason is required when a customer moves to 'churned'.");
        RuleFor(x => x.Request.OccurredAt)
            .Must(at => at is null || at <= clock.GetUtcNow())
            .OverridePropertyName("occurredAt")
            .WithMessage("'occurredAt' must not be in the future.");
    }
}
