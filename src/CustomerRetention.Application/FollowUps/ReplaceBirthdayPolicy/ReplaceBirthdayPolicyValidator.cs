using FluentValidation;

namespace CustomerRetention.Application.FollowUps.ReplaceBirthdayPolicy;

public sealed class ReplaceBirthdayPolicyValidator : AbstractValidator<ReplaceBirthdayPolicyCommand>
{
    public ReplaceBirthdayPolicyValidator() =>
        RuleFor(x => x.Fields).SetValidator(new BirthdayPolicyFieldsValidator()).OverridePropertyName(string.Empty);
}
