using FluentValidation;

namespace CustomerRetention.Application.FollowUps.ReplacePostPurchasePolicy;

public sealed class ReplacePostPurchasePolicyValidator : AbstractValidator<ReplacePostPurchasePolicyCommand>
{
    public ReplacePostPurchasePolicyValidator() =>
        RuleFor(x => x.Fields).SetValidator(new PostPurchasePolicyFieldsValidator()).OverridePropertyName(string.Empty);
}
