using CustomerRetention.Application.BuildingBlocks.Json;
using CustomerRetention.Application.Orders.Contracts;
using CustomerRetention.Domain.Cases;
using FluentValidation;

namespace CustomerRetention.Application.Cases;

/// <summary>The body of opening a case: what the customer raised, where, about which order; <c>openedAt</c> in the past for imported history.</summary>
[ReadOnlyMember("id", ReadOnlyReasons.Id)]
[ReadOnlyMember("number", "'number' is read-only: the server numbers cases.")]
[ReadOnlyMember("customerId", ReadOnlyReasons.CustomerId)]
[ReadOnlyMember("status", "'status' is read-only when opening a case: every case starts new; change it with PATCH /api/v1/cases/{id}.")]
[ReadOnlyMember("createdAt", ReadOnlyReasons.CreatedAt)]
[ReadOnlyMember("updatedAt", ReadOnlyReasons.UpdatedAt)]
public sealed record CaseFields
{
    /// <summary>phone, email, sms, wechat, chat, web, store or other. Required.</summary>
    public CaseChannel? Channel { get; init; }

    /// <summary>complaint, inquiry, return, delivery, quality, billing or other. Required.</summary>
    public CaseCategory? Category { get; init; }

    /// <summary>1–200 characters. Required.</summary>
    public string? Subject { get; init; }

    /// <summary>At most 20 000 characters.</summary>
    public string? Description { get; init; }

    /// <summary>low, normal (default), high or urgent.</summary>
    public CasePriority? Priority { get; init; }

    /// <summary>An order of this customer the case is about.</summary>
    public Guid? OrderId { get; init; }

    /// <summary>Who works on it; default the customer's owner.</summary>
    public Guid? AssigneeId { get; init; }

    /// <summary>When the customer raised it (RFC 3339, not in the future); default now. For importing history from another helpdesk.</summary>
    public DateTimeOffset? OpenedAt { get; init; }

    /// <summary>A closed case of this customer that this one follows up.</summary>
    public Guid? LinkedCaseId { get; init; }
}

public sealed class CaseFieldsValidator : AbstractValidator<CaseFields>
{
    public CaseFieldsValidator(TimeProvider clock)
    {
        RuleFor(x => x.Channel).NotNull().IsInEnum();
        RuleFor(x => x.Category).NotNull().IsInEnum();
        RuleFor(x => x.Subject).NotEmpty().MaximumLength(SupportCase.SubjectMaxLength)
            .Must(s => s is null || s.Trim().Length > 0).WithMessage("'subject' must not be blank.");
        RuleFor(x => x.Description).MaximumLength(SupportCase.DescriptionMaxLength);
        RuleFor(x => x.Priority).IsInEnum();
        RuleFor(x => x.OrderId).NotEqual(Guid.Empty);
        RuleFor(x => x.AssigneeId).NotEqual(Guid.Empty);
        RuleFor(x => x.LinkedCaseId).NotEqual(Guid.Empty);
        RuleFor(x => x.OpenedAt).Must(at => at is null || at <= clock.GetUtcNow()).WithMessage("'openedAt' must not be in the future.");
    }
}

/// <summary>
/// The document a case's <c>PATCH</c> (RFC 7396 merge-patch) changes: subject, description,
/// category, priority and assignee, and the status (with the resolution when it becomes solved);
/// <c>at</c> dates the change in the past for imported history (default now).
/// </summary>
[ReadOnlyMember("id", ReadOnlyReasons.Id)]
[ReadOnlyMember("number", "'number' is read-only: the server numbers cases.")]
[ReadOnlyMember("customerId", "'customerId' is read-only: a case stays with its customer.")]
[ReadOnlyMember("channel", "'channel' is read-only: it is where the case was raised.")]
[ReadOnlyMember("orderId", "'orderId' is read-only after the case was opened.")]
[ReadOnlyMember("reopenCount", "'reopenCount' is read-only: reopening a solved case (status open) counts it.")]
[ReadOnlyMember("openedAt", "'openedAt' is read-only after the case was opened.")]
[ReadOnlyMember("createdAt", ReadOnlyReasons.CreatedAt)]
[ReadOnlyMember("updatedAt", ReadOnlyReasons.UpdatedAt)]
public sealed record CasePatch
{
    public string? Subject { get; init; }

    public string? Description { get; init; }

    /// <summary>complaint, inquiry, return, delivery, quality, billing or other.</summary>
    public CaseCategory? Category { get; init; }

    /// <summary>low, normal, high or urgent.</summary>
    public CasePriority? Priority { get; init; }

    /// <summary>Who works on it; null unassigns.</summary>
    public Guid? AssigneeId { get; init; }

    /// <summary>new, open, pending-customer, on-hold, solved or closed (solved → open reopens; closed is final).</summary>
    public CaseStatus? Status { get; init; }

    /// <summary>Required when the status becomes solved.</summary>
    public CaseResolutionFields? Resolution { get; init; }

    /// <summary>When the change happened (RFC 3339, not in the future, not before the case's lastActivityAt); default now.</summary>
    public DateTimeOffset? At { get; init; }

    public static CasePatch From(SupportCase supportCase)
    {
        ArgumentNullException.ThrowIfNull(supportCase);
        return new CasePatch
        {
            Subject = supportCase.Subject,
            Description = supportCase.Description,
            Category = supportCase.Category,
            Priority = supportCase.Priority,
            AssigneeId = supportCase.AssigneeId,
            Status = supportCase.Status,
        };
    }
}

/// <summary>How a case was solved.</summary>
public sealed record CaseResolutionFields
{
    /// <summary>1–2 000 characters. Required.</summary>
    public string? Summary { get; init; }

    /// <summary>none (default), refund, voucher or points.</summary>
    public CompensationType? Compensation { get; init; }

    /// <summary>Required for refund and voucher (an amount in the deployment's currency, two decimals) and points (a whole number); absent for none.</summary>
    public decimal? Amount { get; init; }

    public CaseResolution ToResolution(OrderSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var compensation = Compensation ?? CompensationType.None;
        return new CaseResolution(
            Summary!.Trim(),
            compensation,
            compensation == CompensationType.None ? null : Amount,
            compensation is CompensationType.Refund or CompensationType.Voucher ? settings.Currency : null);
    }
}

public sealed class CaseResolutionFieldsValidator : AbstractValidator<CaseResolutionFields>
{
    /// <summary>The most points a resolution can give (refunds and vouchers stay within an order's amount limit).</summary>
    public const decimal MaxPoints = 100_000_000m;

    public CaseResolutionFieldsValidator()
    {
        RuleFor(x => x.Summary).NotEmpty().MaximumLength(SupportCase.SummaryMaxLength)
            .Must(s => s is null || s.Trim().Length > 0).WithMessage("'summary' must not be blank.");
        RuleFor(x => x.Compensation).IsInEnum();
        RuleFor(x => x.Amount).InclusiveBetween(0m, MaxPoints);
        RuleFor(x => x.Amount).Null().When(x => x.Compensation is null or CompensationType.None)
            .WithMessage("'amount' is only for a refund, a voucher or points.");
        RuleFor(x => x.Amount).NotNull().Must(a => a is null || decimal.Round(a.Value, 2) == a).WithMessage("'amount' of a refund or voucher has at most two decimals.")
            .When(x => x.Compensation is CompensationType.Refund or CompensationType.Voucher);
        RuleFor(x => x.Amount).NotNull().Must(a => a is null || (a > 0 && a <= MaxPoints && decimal.Truncate(a.Value) == a)).WithMessage($"'amount' of points must be a whole number from 1 to {MaxPoints}.")
            .When(x => x.Compensation == CompensationType.Points);
    }
}

public sealed class CasePatchValidator : AbstractValidator<CasePatch>
{
    public CasePatchValidator(TimeProvider clock)
    {
        RuleFor(x => x.Subject).NotEmpty().MaximumLength(SupportCase.SubjectMaxLength)
            .Must(s => s is null || s.Trim().Length > 0).WithMessage("'subject' must not be blank.");
        RuleFor(x => x.Description).MaximumLength(SupportCase.DescriptionMaxLength);
        RuleFor(x => x.Category).NotNull().IsInEnum();
        RuleFor(x => x.Priority).NotNull().IsInEnum();
        RuleFor(x => x.Status).NotNull().IsInEnum();
        RuleFor(x => x.AssigneeId).NotEqual(Guid.Empty);
        RuleFor(x => x.At).Must(at => at is null || at <= clock.GetUtcNow()).WithMessage("'at' must not be in the future.");
        RuleFor(x => x.Resolution).SetValidator(new CaseResolutionFieldsValidator()!);
    }
}

/// <summary>A message on a case; <c>status</c> changes the case's status in the same request (e.g. reply and set pending-customer).</summary>
public sealed record CaseMessageRequest
{
    /// <summary>inbound (from the customer), outbound (to the customer) or internal (a note). Required.</summary>
    public MessageDirection? Direction { get; init; }

    /// <summary>customer (inbound), agent or system (outbound, internal); default customer for inbound, agent otherwise.</summary>
    public MessageAuthorType? AuthorType { get; init; }

    /// <summary>Whether the customer sees it; default true, and internal notes are never public.</summary>
    public bool? Public { get; init; }

    /// <summary>1–20 000 characters. Required.</summary>
    public string? Body { get; init; }

    /// <summary>When it was sent (RFC 3339, not in the future, not before the case's lastActivityAt); default now.</summary>
    public DateTimeOffset? SentAt { get; init; }

    /// <summary>The case's status after the message (applied after it, at the same instant).</summary>
    public CaseStatus? Status { get; init; }

    /// <summary>The resolution, when <c>status</c> is solved.</summary>
    public CaseResolutionFields? Resolution { get; init; }

    public MessageAuthorType Author => AuthorType ?? (Direction == MessageDirection.Inbound ? MessageAuthorType.Customer : MessageAuthorType.Agent);

    public bool IsPublic => Public ?? Direction != MessageDirection.Internal;
}

public sealed class CaseMessageRequestValidator : AbstractValidator<CaseMessageRequest>
{
    public CaseMessageRequestValidator(TimeProvider clock)
    {
        RuleFor(x => x.Direction).NotNull().IsInEnum();
        RuleFor(x => x.AuthorType).IsInEnum();
        RuleFor(x => x.Body).NotEmpty().MaximumLength(CaseMessage.BodyMaxLength)
            .Must(s => s is null || s.Trim().Length > 0).WithMessage("'body' must not be blank.");
        RuleFor(x => x.SentAt).Must(at => at is null || at <= clock.GetUtcNow()).WithMessage("'sentAt' must not be in the future.");
        RuleFor(x => x.Status).IsInEnum();
        RuleFor(x => x.AuthorType)
            .Must((x, author) => x.Direction != MessageDirection.Inbound || (author ?? MessageAuthorType.Customer) == MessageAuthorType.Customer)
            .WithMessage("An inbound message is the customer's: 'authorType' must be customer.")
            .Must((x, author) => x.Direction == MessageDirection.Inbound || author != MessageAuthorType.Customer)
            .WithMessage("Only inbound messages are the customer's: an outbound message or an internal note is an agent's or the system's.");
        RuleFor(x => x.Public).Must((x, isPublic) => x.Direction != MessageDirection.Internal || isPublic != true)
            .WithMessage("An internal note is never public.");
        RuleFor(x => x.Resolution).NotNull().When(x => x.Status == CaseStatus.Solved)
            .WithMessage("'resolution' is required when 'status' is solved.");
        RuleFor(x => x.Resolution).Null().When(x => x.Status != CaseStatus.Solved)
            .WithMessage("'resolution' goes with 'status': solved.");
        RuleFor(x => x.Resolution).SetValidator(new CaseResolutionFieldsValidator()!);
    }
}
