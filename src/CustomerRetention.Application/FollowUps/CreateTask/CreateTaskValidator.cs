using FluentValidation;

namespace CustomerRetention.Application.FollowUps.CreateTask;

public sealed class CreateTaskValidator : AbstractValidator<CreateTaskCommand>
{
    public CreateTaskValidator() =>
        RuleFor(x => x.Fields).SetValidator(new TaskFieldsValidator()).OverridePropertyName(string.Empty);
}
