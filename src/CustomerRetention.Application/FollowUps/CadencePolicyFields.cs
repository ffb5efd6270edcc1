using CustomerRetention.Application.BuildingBlocks.Json;
using CustomerRetention.Application.Interactions.Contracts;
using CustomerRetention.Application.Lifecycle.Contracts;
using CustomerRetention.Application.Segmentation.Contracts;
using CustomerRetention.Domain.FollowUps;
using FluentValidation;

namespace CustomerRetention.Application.FollowUps;

/// <summary>The client-settable fields of a cadence policy: the body of a create and the document a merge-patch updates.</summary>
[ReadOnlyMember("id", ReadOnlyReasons.Id)]
[ReadOnlyMember("version", "'version' is read-only: it goes up with every change.")]
[ReadOnlyMember("createdAt", ReadOnlyReasons.CreatedAt)]
[ReadOnlyMember("updatedAt", ReadOnlyReasons.UpdatedAt)]
public sealed record CadencePolicyFields
{
    /// <summary>1–200 characters. Required.</summary>
    public string? Name { get; init; }

    /// <summary>Lifecycle stages, RFM segments and tags; an empty or missing list matches everyone.</summary>
    public CadenceScopeFields? Scope { get; init; }

    /// <summary>1–20 tiers, first match wins. Required.</summary>
    public List<CadenceTierFields>? Tiers { get; init; }

    /// <summary>The type of the tasks it creates; default call.</summary>
    public TaskType? TaskType { get; init; }

    /// <summary>What counts as a touch; default outbound phone, email, sms, wechat, visit and meeting.</summary>
    public List<TouchTypeFields>? TouchTypes { get; init; }

    /// <summary>Whether the daily run applies it; default false.</summary>
    public bool? Enabled { get; init; }

    public CadencePolicyDetails ToDetails() => new(
        Name!.Trim(),
        new CadenceScope([.. Scope?.Stages ?? []], [.. Scope?.Segments ?? []], [.. (Scope?.Tags ?? []).Select(t => t.Trim())]),
        [.. Tiers!.Select(t => new CadenceTier(t.Name!.Trim(), t.Segments is null ? null : [.. t.Segments], t.MinClv, t.IntervalDays))],
        TaskType ?? Domain.FollowUps.TaskType.Call,
        [.. (TouchTypes ?? []).Select(t => new TouchType(t.Channel!, t.Direction!)).Distinct()],
        Enabled ?? false);

    public static CadencePolicyFields From(CadencePolicyDetails details)
    {
        ArgumentNullException.ThrowIfNull(details);
        return new CadencePolicyFields
        {
            Name = details.Name,
            Scope = new CadenceScopeFields { Stages = [.. details.Scope.Stages], Segments = [.. details.Scope.Segments], Tags = [.. details.Scope.Tags] },
            Tiers = [.. details.Tiers.Select(t => new CadenceTierFields { Name = t.Name, Segments = t.Segments is null ? null : [.. t.Segments], MinClv = t.MinClv, IntervalDays = t.IntervalDays })],
            TaskType = details.TaskType,
            TouchTypes = [.. details.TouchTypes.Select(t => new TouchTypeFields { Channel = t.Channel, Direction = t.Direction })],
            Enabled = details.Enabled,
        };
    }
}

public sealed record CadenceScopeFields
{
    /// <summary>Lifecycle stages (awareness, interest, …).</summary>
    public List<string>? Stages { get; init; }

    /// <summary>RFM segment keys of the latest succeeded run (champions, at-risk, …).</summary>
    public List<string>? Segments { get; init; }

    /// <summary>Customer tags; a customer with any of them matches.</summary>
    public List<string>? Tags { get; init; }
}

public sealed record CadenceTierFields
{
    /// <summary>1–100 characters, unique in the policy. Required.</summary>
    public string? Name { get; init; }

    /// <summary>RFM segments of the latest succeeded run; not together with minClv.</summary>
    public List<string>? Segments { get; init; }

    /// <summary>The least CLV of the latest succeeded CLV model; not together with segments.</summary>
    public decimal? MinClv { get; init; }

    /// <summary>Days between touches, 1–3650; null: no cadence for this tier.</summary>
    public int? IntervalDays { get; init; }
}

public sealed record TouchTypeFields
{
    /// <summary>An interaction channel (phone, email, sms, wechat, social, chat, visit, meeting, web, other). Required.</summary>
    public string? Channel { get; init; }

    /// <summary>inbound or outbound. Required.</summary>
    public string? Direction { get; init; }
}

/// <summary>The rules of SPEC §9.2 (the OpenAPI document reads its bounds from here).</summary>
public sealed class CadencePolicyFieldsValidator : AbstractValidator<CadencePolicyFields>
{
    public const decimal MaxClv = 1_000_000_000m;

    public CadencePolicyFieldsValidator()
    {
        RuleFor(x => x.Name).NotEmpty().MaximumLength(FollowUpLimits.PolicyNameMaxLength)
            .Must(s => s is null || s.Trim().Length > 0).WithMessage("'name' must not be blank.");
        RuleFor(x => x.Scope!).SetValidator(new ScopeValidator()).When(x => x.Scope is not null);
        RuleFor(x => x.Tiers).NotNull().NotEmpty()
            .Must(t => t is null || t.Count <= FollowUpLimits.MaxTiers).WithMessage($"At most {FollowUpLimits.MaxTiers} tiers.")
            .Must(t => t is null || t.Select(x => x?.Name?.Trim()).Distinct(StringComparer.Ordinal).Count() == t.Count).WithMessage("Tier names must be unique.");
        RuleForEach(x => x.Tiers).NotNull().SetValidator(new TierValidator());
        RuleFor(x => x.TaskType).IsInEnum();
        RuleFor(x => x.TouchTypes).Must(t => t is null || t.Count <= FollowUpLimits.MaxTouchTypes).WithMessage($"At most {FollowUpLimits.MaxTouchTypes} touch types.");
        RuleForEach(x => x.TouchTypes).NotNull().SetValidator(new TouchTypeValidator());
    }

    private sealed class ScopeValidator : AbstractValidator<CadenceScopeFields>
    {
        public ScopeValidator()
        {
            RuleFor(x => x.Stages).Must(l => l is null || l.Count <= FollowUpLimits.MaxScopeItems).WithMessage($"At most {FollowUpLimits.MaxScopeItems} stages.");
            RuleForEach(x => x.Stages).NotEmpty().MaximumLength(50).Must(s => s is null || LifecycleVocabulary.Stages.Contains(s))
                .WithMessage($"Not a lifecycle stage; one of: {string.Join(", ", LifecycleVocabulary.Stages)}.");
            RuleFor(x => x.Segments).Must(l => l is null || l.Count <= FollowUpLimits.MaxScopeItems).WithMessage($"At most {FollowUpLimits.MaxScopeItems} segments.");
            RuleForEach(x => x.Segments).NotEmpty().MaximumLength(50).Must(s => s is null || RfmScores.IsSegmentKey(s))
                .WithMessage("Not a segment key (kebab-case, e.g. champions or at-risk).");
            RuleFor(x => x.Tags).Must(l => l is null || l.Count <= FollowUpLimits.MaxScopeItems).WithMessage($"At most {FollowUpLimits.MaxScopeItems} tags.");
            RuleForEach(x => x.Tags).NotEmpty().MaximumLength(FollowUpLimits.TagMaxLength);
        }
    }

    private sealed class TierValidator : AbstractValidator<CadenceTierFields>
    {
        public TierValidator()
        {
            RuleFor(x => x.Name).NotEmpty().MaximumLength(FollowUpLimits.TierNameMaxLength);
            RuleFor(x => x.Segments).Null().When(x => x.MinClv is not null)
                .WithMessage("A tier matches by 'segments' or by 'minClv', not both (neither: everyone).");
            RuleFor(x => x.Segments).Must(l => l is null || (l.Count > 0 && l.Count <= FollowUpLimits.MaxScopeItems))
                .WithMessage($"1–{FollowUpLimits.MaxScopeItems} segments, or leave 'segments' out.");
            RuleForEach(x => x.Segments).NotEmpty().MaximumLength(50).Must(s => s is null || RfmScores.IsSegmentKey(s))
                .WithMessage("Not a segment key (kebab-case, e.g. champions or at-risk).");
            RuleFor(x => x.MinClv).InclusiveBetween(0m, MaxClv);
            RuleFor(x => x.IntervalDays).InclusiveBetween(1, FollowUpLimits.MaxIntervalDays);
        }
    }

    private sealed class TouchTypeValidator : AbstractValidator<TouchTypeFields>
    {
        public TouchTypeValidator()
        {
            RuleFor(x => x.Channel).NotEmpty().MaximumLength(20).Must(c => c is null || InteractionReads.Channels.Contains(c))
                .WithMessage($"Not an interaction channel; one of: {string.Join(", ", InteractionReads.Channels)}.");
            RuleFor(x => x.Direction).NotEmpty().MaximumLength(20).Must(d => d is null || InteractionReads.Directions.Contains(d))
                .WithMessage($"Not a direction; one of: {string.Join(", ", InteractionReads.Directions)}.");
        }
    }
}
