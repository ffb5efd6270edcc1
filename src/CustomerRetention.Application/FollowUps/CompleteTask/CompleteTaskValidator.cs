using CustomerRetention.Domain.FollowUps;
using FluentValidation;

namespace CustomerRetention.Application.FollowUps.CompleteTask;

public sealed class CompleteTaskValidator : AbstractValidator<CompleteTaskCommand>
{
    public CompleteTaskValidator()
    {
        RuleFor(x => x.Request.Outcome).NotNull().IsInEnum().OverridePropertyName("outcome");
        RuleFor(x => x.Request.Note).MaximumLength(FollowUpLimits.NoteMaxLength).OverridePropertyName("note");
    }
}
