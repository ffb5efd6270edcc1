using FluentValidation;

namespace CustomerRetention.Application.Customers.CreateCustomer;

public sealed class CreateCustomerValidator : AbstractValidator<CreateCustomerCommand>
{
    public CreateCustomerValidator(TimeProvider clock)
    {
        Include(new CustomerFieldsValidator(clock));
        Include(new InitialStageValidator(clock));
    }
}
