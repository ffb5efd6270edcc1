using FluentValidation;

namespace CustomerRetention.Application.Webhooks.CreateWebhook;

public sealed class CreateWebhookValidator : AbstractValidator<CreateWebhookCommand>
{
    public CreateWebhookValidator(WebhookSettings settings) =>
        RuleFor(x => x.Fields).SetValidator(new WebhookFieldsValidator(settings)).OverridePropertyName(string.Empty);
}
