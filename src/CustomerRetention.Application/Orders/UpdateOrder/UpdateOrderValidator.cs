using FluentValidation;

namespace CustomerRetention.Application.Orders.UpdateOrder;

public sealed class UpdateOrderValidator : AbstractValidator<UpdateOrderCommand>
{
    public UpdateOrderValidator() =>
        RuleFor(x => x.Request).SetValidator(new UpdateOrderRequestValidator()).OverridePropertyName(string.Empty);
}
