using CustomerRetention.Application.BuildingBlocks.Json;
using CustomerRetention.Application.Segmentation.Contracts;
using CustomerRetention.Domain.ServiceLevels;
using CustomerRetention.Domain.ServiceLevels.Contracts;
using FluentValidation;

namespace CustomerRetention.Application.ServiceLevels;

/// <summary>The client-settable fields of an SLA policy: the body of a create and of a replace (PUT).</summary>
[ReadOnlyMember("id", ReadOnlyReasons.Id)]
[ReadOnlyMember("version", "'version' is read-only: it goes up with every change.")]
[ReadOnlyMember("createdAt", ReadOnlyReasons.CreatedAt)]
[ReadOnlyMember("updatedAt", ReadOnlyReasons.UpdatedAt)]
public sealed record SlaPolicyFields
{
    /// <summary>1–200 characters. Required.</summary>
    public string? Name { get; init; }

    /// <summary>Evaluation order, 0–1 000 000, lowest first (ties: the older policy first); default 0. The default policy is evaluated last whatever its position.</summary>
    public int? Position { get; init; }

    /// <summary>Whether this is the default policy (exactly one; it has no conditions and targets first-response and resolution for every priority); default false.</summary>
    public bool? IsDefault { get; init; }

    /// <summary>Every non-empty list must match the case; missing or empty lists match every case.</summary>
    public SlaConditionsFields? Conditions { get; init; }

    /// <summary>The business calendar the business minutes are counted on; required in business mode.</summary>
    public Guid? CalendarId { get; init; }

    /// <summary>business (the calendar's hours) or calendar (24 × 7); default business.</summary>
    public HoursMode? HoursMode { get; init; }

    /// <summary>When a running target warns, as a percentage of its minutes, 1–99; default 75.</summary>
    public int? WarnAtPercent { get; init; }

    /// <summary>1–12 targets, one per metric and priority. Required.</summary>
    public List<SlaTargetFields>? Targets { get; init; }

    public SlaPolicyDetails ToDetails() => new(
        Name!.Trim(),
        Position ?? 0,
        IsDefault ?? false,
        new SlaConditions(
            [.. (Conditions?.Priorities ?? []).Distinct()],
            [.. (Conditions?.Categories ?? []).Distinct()],
            [.. (Conditions?.Channels ?? []).Distinct()],
            [.. (Conditions?.Segments ?? []).Distinct()],
            [.. (Conditions?.Tags ?? []).Select(t => t.Trim()).Distinct()]),
        CalendarId,
        HoursMode ?? Domain.ServiceLevels.HoursMode.Business,
        WarnAtPercent ?? SlaPolicy.DefaultWarnAtPercent,
        [.. Targets!.Select(t => new SlaTarget(t.Metric!.Value, t.Priority!, t.Minutes!.Value))
            .OrderBy(t => t.Metric).ThenBy(t => IndexOf(CaseVocabulary.Priorities, t.Priority))]);

    private static int IndexOf(IReadOnlyList<string> list, string value)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] == value)
            {
                return i;
            }
        }

        return list.Count;
    }
}

public sealed record SlaConditionsFields
{
    /// <summary>Case priorities: low, normal, high, urgent.</summary>
    public List<string>? Priorities { get; init; }

    /// <summary>Case categories: complaint, inquiry, return, delivery, quality, billing, other.</summary>
    public List<string>? Categories { get; init; }

    /// <summary>Case channels: phone, email, sms, wechat, chat, web, store, other.</summary>
    public List<string>? Channels { get; init; }

    /// <summary>RFM segment keys of the customer (champions, at-risk, …).</summary>
    public List<string>? Segments { get; init; }

    /// <summary>Customer tags; a customer with any of them matches.</summary>
    public List<string>? Tags { get; init; }
}

public sealed record SlaTargetFields
{
    /// <summary>first-response, next-response or resolution. Required.</summary>
    public SlaMetric? Metric { get; init; }

    /// <summary>low, normal, high or urgent. Required.</summary>
    public string? Priority { get; init; }

    /// <summary>1–525 600 minutes (business or calendar, by the policy's hoursMode). Required.</summary>
    public int? Minutes { get; init; }
}

/// <summary>The rules of an SLA policy (the OpenAPI document reads its bounds from here).</summary>
public sealed class SlaPolicyFieldsValidator : AbstractValidator<SlaPolicyFields>
{
    public SlaPolicyFieldsValidator()
    {
        RuleFor(x => x.Name).NotEmpty().MaximumLength(ServiceLevelLimits.NameMaxLength)
            .Must(s => s is null || s.Trim().Length > 0).WithMessage("'name' must not be blank.");
        RuleFor(x => x.Position).InclusiveBetween(0, ServiceLevelLimits.MaxPosition);
        RuleFor(x => x.WarnAtPercent).InclusiveBetween(1, 99);
        RuleFor(x => x.HoursMode).IsInEnum();
        RuleFor(x => x.CalendarId).NotNull().WithMessage("Business hours mode needs a 'calendarId'.")
            .When(x => (x.HoursMode ?? HoursMode.Business) == HoursMode.Business);
        RuleFor(x => x.CalendarId).NotEqual(Guid.Empty);
        RuleFor(x => x.Conditions!).SetValidator(new ConditionsValidator()).When(x => x.Conditions is not null);
        RuleFor(x => x.Conditions).Must(c => c is null || IsEmpty(c))
            .WithMessage("The default policy applies when no other policy matches, so it has no conditions.")
            .When(x => x.IsDefault == true);
        RuleFor(x => x.Targets).NotNull().NotEmpty()
            .Must(t => t is null || t.Count <= ServiceLevelLimits.MaxTargets).WithMessage($"At most {ServiceLevelLimits.MaxTargets} targets.");
        RuleForEach(x => x.Targets).NotNull().SetValidator(new TargetValidator());
        RuleForEach(x => x.Targets)
            .Must((fields, target) => target?.Metric is null || target.Priority is null
                || fields.Targets!.Count(t => t?.Metric == target.Metric && t.Priority == target.Priority) == 1)
            .WithMessage("One target per metric and priority.")
            .When(x => x.Targets is not null);
        RuleFor(x => x.Targets).Must(CoversEveryPriority!)
            .WithMessage("The default policy targets first-response and resolution for every priority (low, normal, high, urgent), so every case gets those clocks.")
            .When(x => x.IsDefault == true && x.Targets is not null);
    }

    private static bool IsEmpty(SlaConditionsFields c) =>
        (c.Priorities?.Count ?? 0) == 0 && (c.Categories?.Count ?? 0) == 0 && (c.Channels?.Count ?? 0) == 0 && (c.Segments?.Count ?? 0) == 0 && (c.Tags?.Count ?? 0) == 0;

    private static bool CoversEveryPriority(List<SlaTargetFields> targets) =>
        new[] { SlaMetric.FirstResponse, SlaMetric.Resolution }.All(metric =>
            CaseVocabulary.Priorities.All(priority => targets.Any(t => t?.Metric == metric && t.Priority == priority)));

    private sealed class ConditionsValidator : AbstractValidator<SlaConditionsFields>
    {
        public ConditionsValidator()
        {
            RuleFor(x => x.Priorities).Must(l => l is null || l.Count <= ServiceLevelLimits.MaxConditionItems).WithMessage($"At most {ServiceLevelLimits.MaxConditionItems} priorities.");
            RuleForEach(x => x.Priorities).NotEmpty().MaximumLength(20).Must(s => s is null || CaseVocabulary.Priorities.Contains(s))
                .WithMessage($"Not a case priority; one of: {string.Join(", ", CaseVocabulary.Priorities)}.");
            RuleFor(x => x.Categories).Must(l => l is null || l.Count <= ServiceLevelLimits.MaxConditionItems).WithMessage($"At most {ServiceLevelLimits.MaxConditionItems} categories.");
            RuleForEach(x => x.Categories).NotEmpty().MaximumLength(20).Must(s => s is null || CaseVocabulary.Categories.Contains(s))
                .WithMessage($"Not a case category; one of: {string.Join(", ", CaseVocabulary.Categories)}.");
            RuleFor(x => x.Channels).Must(l => l is null || l.Count <= ServiceLevelLimits.MaxConditionItems).WithMessage($"At most {ServiceLevelLimits.MaxConditionItems} channels.");
            RuleForEach(x => x.Channels).NotEmpty().MaximumLength(20).Must(s => s is null || CaseVocabulary.Channels.Contains(s))
                .WithMessage($"Not a case channel; one of: {string.Join(", ", CaseVocabulary.Channels)}.");
            RuleFor(x => x.Segments).Must(l => l is null || l.Count <= ServiceLevelLimits.MaxConditionItems).WithMessage($"At most {ServiceLevelLimits.MaxConditionItems} segments.");
            RuleForEach(x => x.Segments).NotEmpty().MaximumLength(50).Must(s => s is null || RfmScores.IsSegmentKey(s))
                .WithMessage("Not a segment key (kebab-case, e.g. champions or at-risk).");
            RuleFor(x => x.Tags).Must(l => l is null || l.Count <= ServiceLevelLimits.MaxConditionItems).WithMessage($"At most {ServiceLevelLimits.MaxConditionItems} tags.");
            RuleForEach(x => x.Tags).NotEmpty().MaximumLength(ServiceLevelLimits.TagMaxLength)
                .Must(s => s is null || s.Trim().Length > 0).WithMessage("A tag must not be blank.");
        }
    }

    private sealed class TargetValidator : AbstractValidator<SlaTargetFields>
    {
        public TargetValidator()
        {
            RuleFor(x => x.Metric).NotNull().IsInEnum();
            RuleFor(x => x.Priority).NotEmpty().MaximumLength(20).Must(p => p is null || CaseVocabulary.Priorities.Contains(p))
                .WithMessage($"Not a case priority; one of: {string.Join(", ", CaseVocabulary.Priorities)}.");
            RuleFor(x => x.Minutes).NotNull().InclusiveBetween(1, ServiceLevelLimits.MaxTargetMinutes);
        }
    }
}
