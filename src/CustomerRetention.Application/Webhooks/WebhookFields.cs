using CustomerRetention.Application.BuildingBlocks.Events;
using CustomerRetention.Application.BuildingBlocks.Json;
using CustomerRetention.Domain.Webhooks;
using FluentValidation;

namespace CustomerRetention.Application.Webhooks;

/// <summary>The client-settable fields of a subscription: the body of a create and the document a merge-patch updates.</summary>
[ReadOnlyMember("id", ReadOnlyReasons.Id)]
[ReadOnlyMember("createdAt", ReadOnlyReasons.CreatedAt)]
[ReadOnlyMember("updatedAt", ReadOnlyReasons.UpdatedAt)]
[ReadOnlyMember("secret", "'secret' is read-only: the server generates it, shows it once, and replaces it by POST /api/v1/webhooks/{id}/secret-rotations.")]
[ReadOnlyMember("disabledReason", "'disabledReason' is read-only: the delivery worker sets it; set 'enabled' to true to clear it.")]
[ReadOnlyMember("secretRotatedAt", "'secretRotatedAt' is read-only: the server sets it.")]
[ReadOnlyMember("previousSecretExpiresAt", "'previousSecretExpiresAt' is read-only: the server sets it.")]
public sealed record WebhookFields
{
    /// <summary>Where events are POSTed: an absolute https URL of a public host, without user name or password. Required.</summary>
    public string? Url { get; init; }

    /// <summary>The event types delivered: exact types (<c>order.created</c>), families (<c>customer.*</c>) or <c>*</c> for every type. Required, 1–50.</summary>
    public List<string>? EventTypes { get; init; }

    /// <summary>Whether events are delivered (default true).</summary>
    public bool? Enabled { get; init; }

    /// <summary>What the subscription is for; at most 500 characters.</summary>
    public string? Description { get; init; }

    public WebhookDetails ToDetails() => new(
        new Uri(Url!.Trim(), UriKind.Absolute).AbsoluteUri,
        EventTypes!.Select(t => t.Trim()).Distinct(StringComparer.Ordinal).ToArray(),
        Enabled ?? true,
        string.IsNullOrWhiteSpace(Description) ? null : Description.Trim());

    public static WebhookFields From(WebhookDetails details)
    {
        ArgumentNullException.ThrowIfNull(details);
        return new WebhookFields { Url = details.Url, EventTypes = [.. details.EventTypes], Enabled = details.Enabled, Description = details.Description };
    }

    /// <summary>Whether an event-type pattern names at least one known type: exact, <c>family.*</c> or <c>*</c>.</summary>
    public static bool IsKnownPattern(string? pattern) =>
        pattern is not null && (pattern == "*" || BuildingBlocks.Events.EventTypes.Expand(pattern.Trim()) is not null);
}

/// <summary>The input rules of a subscription (the OpenAPI document reads its bounds from here).</summary>
public sealed class WebhookFieldsValidator : AbstractValidator<WebhookFields>
{
    public WebhookFieldsValidator(WebhookSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        RuleFor(x => x.Url).NotEmpty().MaximumLength(Webhook.UrlMaxLength)
            .Must(url => url is null || UrlProblem(url, settings.AllowPrivateNetworks) is null)
            .WithMessage(x => UrlProblem(x.Url ?? string.Empty, settings.AllowPrivateNetworks) ?? string.Empty);
        RuleFor(x => x.EventTypes).NotNull().NotEmpty()
            .Must(t => t is null || t.Count <= Webhook.MaxEventTypes).WithMessage($"At most {Webhook.MaxEventTypes} event types.");
        RuleForEach(x => x.EventTypes).NotEmpty().MaximumLength(Webhook.EventTypeMaxLength)
            .Must(WebhookFields.IsKnownPattern)
            .WithMessage(_ => $"Not a known event type, family ('customer.*') or '*'. Known types: {string.Join(", ", EventTypes.All)}.");
        RuleFor(x => x.Description).MaximumLength(Webhook.DescriptionMaxLength);
    }

    /// <summary>What is wrong with a URL's shape, or null (its addresses are checked by <see cref="IWebhookAddressGuard"/>).</summary>
    public static string? UrlProblem(string url, bool allowPrivateNetworks)
    {
        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) || uri.IsFile || uri.IsUnc)
        {
            return "Must be an absolute URL, e.g. https://hooks.example.com/crm-events.";
        }

        if (uri.Scheme != Uri.UriSchemeHttps && !(allowPrivateNetworks && uri.Scheme == Uri.UriSchemeHttp))
        {
            return allowPrivateNetworks ? "Must be an https or http URL." : "Must be an https URL.";
        }

        if (uri.UserInfo.Length > 0)
        {
            return "Must not contain a user name or password.";
        }

        return uri.Fragment.Length > 0 ? "Must not contain a fragment ('#…')." : null;
    }
}
