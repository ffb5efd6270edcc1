using System.Text.Json.Serialization;
using CustomerRetention.Application.BuildingBlocks.Exceptions;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Domain.FollowUps;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace CustomerRetention.Application.FollowUps;

/// <summary>The birthday reminder policy as the API returns it.</summary>
public sealed record BirthdayPolicyDto
{
    /// <summary>Days before the birthday the task is due.</summary>
    public int LeadDays { get; init; }

    public TaskType TaskType { get; init; }

    /// <summary>Where a 29 February birthday falls in other years: feb28 or mar1.</summary>
    public Feb29Rule Feb29 { get; init; }

    public bool Enabled { get; init; }

    /// <summary>The row version, sent as the <c>ETag</c> header only: the body is exactly what a PUT takes, so a read can be sent back changed.</summary>
    [JsonIgnore]
    public uint RowVersion { get; init; }

    public static BirthdayPolicyDto Of(ReminderPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var settings = policy.Birthday ?? BirthdaySettings.Default;
        return new BirthdayPolicyDto
        {
            LeadDays = settings.LeadDays, TaskType = settings.TaskType, Feb29 = settings.Feb29, Enabled = policy.Enabled, RowVersion = policy.Version,
        };
    }
}

/// <summary>The post-purchase reminder policy as the API returns it.</summary>
public sealed record PostPurchasePolicyDto
{
    /// <summary>Days after the order's local date the task is due (or the survey is sent).</summary>
    public int DelayDays { get; init; }

    /// <summary>task (a feedback task) or survey-send (a send of <see cref="SurveyId"/>).</summary>
    public PostPurchaseAction Action { get; init; }

    /// <summary>The task's type (action task).</summary>
    public TaskType TaskType { get; init; }

    /// <summary>The survey sent (action survey-send; null for task).</summary>
    public Guid? SurveyId { get; init; }

    /// <summary>The channel of the sends: email, sms, web or wechat (action survey-send; null for task).</summary>
    public PostPurchaseChannel? Channel { get; init; }

    /// <summary>
    /// When no reminder is made: order-cancelled, order-refunded (an open task of an order cancelled
    /// or refunded later is cancelled), open-case (the customer has a case that is not solved or
    /// closed at run time; an open task made before the case stays).
    /// </summary>
    public required IReadOnlyList<PostPurchaseSkip> SkipIf { get; init; }

    public bool Enabled { get; init; }

    /// <summary>The row version, sent as the <c>ETag</c> header only: the body is exactly what a PUT takes, so a read can be sent back changed.</summary>
    [JsonIgnore]
    public uint RowVersion { get; init; }

    public static PostPurchasePolicyDto Of(ReminderPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var settings = policy.PostPurchase ?? PostPurchaseSettings.Default;
        return new PostPurchasePolicyDto
        {
            DelayDays = settings.DelayDays, Action = settings.Action, TaskType = settings.TaskType, SurveyId = settings.SurveyId, Channel = settings.Channel,
            SkipIf = settings.SkipIf, Enabled = policy.Enabled, RowVersion = policy.Version,
        };
    }
}

/// <summary>The body of <c>PUT /api/v1/reminder-policies/birthday</c>: the whole policy; members left out take their defaults.</summary>
public sealed record BirthdayPolicyFields
{
    /// <summary>0–60 days before the birthday; default 3.</summary>
    public int? LeadDays { get; init; }

    /// <summary>Default call.</summary>
    public TaskType? TaskType { get; init; }

    /// <summary>feb28 (default) or mar1.</summary>
    public Feb29Rule? Feb29 { get; init; }

    /// <summary>Default false.</summary>
    public bool? Enabled { get; init; }

    public BirthdaySettings ToSettings() => new(
        LeadDays ?? BirthdaySettings.Default.LeadDays, TaskType ?? BirthdaySettings.Default.TaskType, Feb29 ?? BirthdaySettings.Default.Feb29);
}

/// <summary>The body of <c>PUT /api/v1/reminder-policies/post-purchase</c>: the whole policy; members left out take their defaults.</summary>
public sealed record PostPurchasePolicyFields
{
    /// <summary>0–365 days after the order; default 7.</summary>
    public int? DelayDays { get; init; }

    /// <summary>task (default) or survey-send.</summary>
    public PostPurchaseAction? Action { get; init; }

    /// <summary>Default call (the task's type; kept but unused for survey-send).</summary>
    public TaskType? TaskType { get; init; }

    /// <summary>The survey to send: required for survey-send (an existing survey, not archived), not allowed for task.</summary>
    public Guid? SurveyId { get; init; }

    /// <summary>email (default), sms, web or wechat: for survey-send only.</summary>
    public PostPurchaseChannel? Channel { get; init; }

    /// <summary>Default all three: order-cancelled, order-refunded, open-case.</summary>
    public List<PostPurchaseSkip>? SkipIf { get; init; }

    /// <summary>Default false.</summary>
    public bool? Enabled { get; init; }

    public PostPurchaseSettings ToSettings()
    {
        var action = Action ?? PostPurchaseSettings.Default.Action;
        var survey = action == PostPurchaseAction.SurveySend;
        return new(
            DelayDays ?? PostPurchaseSettings.Default.DelayDays,
            action,
            TaskType ?? PostPurchaseSettings.Default.TaskType,
            SkipIf is null ? PostPurchaseSettings.Default.SkipIf : [.. SkipIf.Distinct().Order()],
            survey ? SurveyId : null,
            survey ? Channel ?? PostPurchaseChannel.Email : null);
    }
}

public sealed class BirthdayPolicyFieldsValidator : AbstractValidator<BirthdayPolicyFields>
{
    public BirthdayPolicyFieldsValidator()
    {
        RuleFor(x => x.LeadDays).InclusiveBetween(0, FollowUpLimits.MaxLeadDays);
        RuleFor(x => x.TaskType).IsInEnum();
        RuleFor(x => x.Feb29).IsInEnum();
    }
}

public sealed class PostPurchasePolicyFieldsValidator : AbstractValidator<PostPurchasePolicyFields>
{
    public PostPurchasePolicyFieldsValidator()
    {
        RuleFor(x => x.DelayDays).InclusiveBetween(0, FollowUpLimits.MaxDelayDays);
        RuleFor(x => x.Action).IsInEnum();
        RuleFor(x => x.TaskType).IsInEnum();
        RuleFor(x => x.Channel).IsInEnum();
        When(x => x.Action == PostPurchaseAction.SurveySend, () =>
            RuleFor(x => x.SurveyId).NotNull().NotEqual(Guid.Empty).WithMessage("'surveyId' is required for action survey-send: the survey to send."));
        When(x => x.Action != PostPurchaseAction.SurveySend, () =>
        {
            RuleFor(x => x.SurveyId).Null().WithMessage("'surveyId' applies to action survey-send only.");
            RuleFor(x => x.Channel).Null().WithMessage("'channel' applies to action survey-send only.");
        });
        RuleFor(x => x.SkipIf).Must(s => s is null || s.Count <= 3).WithMessage("At most 3 skip conditions.");
        RuleForEach(x => x.SkipIf).IsInEnum();
    }
}

internal static class ReminderPolicyLookup
{
    /// <summary>The policy row of <paramref name="kind"/> (seeded by the migration); a stale <c>If-Match</c> is 412.</summary>
    public static async Task<ReminderPolicy> FindAsync(IQueryable<ReminderPolicy> policies, ReminderKind kind, uint? expectedVersion, CancellationToken cancellationToken)
    {
        var policy = await policies.FirstOrDefaultAsync(p => p.Kind == kind, cancellationToken)
            ?? throw new InvalidOperationException($"The {kind} reminder policy row is missing: the migration seeds it.");
        return expectedVersion is { } expected && expected != policy.Version ? throw new PreconditionFailedException() : policy;
    }
}
