using CustomerRetention.Application.Orders.Contracts;
using FluentValidation;

namespace CustomerRetention.Application.Orders.CreateOrder;

public sealed class CreateOrderValidator : AbstractValidator<CreateOrderCommand>
{
    public CreateOrderValidator(TimeProvider clock, OrderSettings settings) =>
        RuleFor(x => x.Request).SetValidator(new CreateOrderRequestValidator(clock, settings)).OverridePropertyName(string.Empty);
}
