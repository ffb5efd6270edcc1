using FluentValidation;

namespace CustomerRetention.Application.Surveys.CreateSurveySend;

public sealed class CreateSurveySendValidator : AbstractValidator<CreateSurveySendCommand>
{
    public CreateSurveySendValidator()
    {
        RuleFor(x => x.Request.CustomerId).NotNull().NotEqual(Guid.Empty).OverridePropertyName("customerId");
        RuleFor(x => x.Request.Channel).NotNull().IsInEnum().OverridePropertyName("channel");
        When(x => x.Request.Context is not null, () =>
        {
            RuleFor(x => x.Request.Context!.Type).NotNull().IsInEnum().OverridePropertyName("context.type");
            RuleFor(x => x.Request.Context!.Id).NotNull().NotEqual(Guid.Empty).OverridePropertyName("context.id");
        });
    }
}
