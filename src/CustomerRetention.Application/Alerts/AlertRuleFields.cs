using System.Text.Json;
using System.Text.Json.Nodes;
using CustomerRetention.Application.BuildingBlocks.Json;
using CustomerRetention.Domain.Alerts;
using CustomerRetention.Domain.Lifecycle;
using FluentValidation;

namespace CustomerRetention.Application.Alerts;

/// <summary>Which customers a rule looks at: every list that is not empty must match (a customer matches a tag list with any of its tags).</summary>
public sealed record AlertScopeFields
{
    /// <summary>Lifecycle stages (as of the evaluation's asOf); default retention, expansion, contraction. An empty list means every stage.</summary>
    public List<LifecycleStage>? Stages { get; init; }

    /// <summary>RFM segments (of the latest succeeded run at or before asOf); empty or absent: any segment, including none.</summary>
    public List<string>? Segments { get; init; }

    /// <summary>Tags (case-insensitive); empty or absent: any.</summary>
    public List<string>? Tags { get; init; }
}

/// <summary>How severe a rule's alerts are: <c>base</c>, raised to <c>raised</c> by the kind's rule (see the kind table).</summary>
public sealed record AlertSeverityFields
{
    /// <summary>The severity of an alert that does not meet the raise rule (kind default: medium).</summary>
    public AlertSeverity? Base { get; init; }

    /// <summary>The severity of one that does (kind default: high).</summary>
    public AlertSeverity? Raised { get; init; }

    /// <summary>The score at which the severity is raised (frequency-drop: drop ≥; spend-drift: |drift| ≥; overdue: ratio ≥; nps-detractor: score ≤).</summary>
    public decimal? RaiseAt { get; init; }

    /// <summary>p-alive-low and segment-entered: the segments whose customers get the raised severity.</summary>
    public List<string>? RaiseForSegments { get; init; }
}

/// <summary>What a rule does when it opens an alert: a follow-up task for the assignee.</summary>
public sealed record AlertActionFields
{
    /// <summary>The action: <c>task</c>.</summary>
    public string? Type { get; init; }

    /// <summary>The task's type: call, email, sms, wechat, meeting, visit or todo (default call).</summary>
    public string? TaskType { get; init; }

    /// <summary>The task is due this many days after the alert opened, 0–365 (default 2).</summary>
    public int? DueInDays { get; init; }

    /// <summary>The task's priority: low, normal or high (default: high for high and critical alerts, else normal).</summary>
    public string? Priority { get; init; }
}

/// <summary>The client-settable fields of an alert rule: the body of a create and the document a merge-patch updates.</summary>
[ReadOnlyMember("id", ReadOnlyReasons.Id)]
[ReadOnlyMember("version", "'version' is read-only: every change increments it.")]
[ReadOnlyMember("createdAt", ReadOnlyReasons.CreatedAt)]
[ReadOnlyMember("updatedAt", ReadOnlyReasons.UpdatedAt)]
public sealed record AlertRuleFields
{
    /// <summary>A unique slug: lower-case letters, digits and dashes, at most 100 characters. Required.</summary>
    public string? Key { get; init; }

    /// <summary>The rule's name, at most 200 characters. Required.</summary>
    public string? Name { get; init; }

    /// <summary>What the rule is for, at most 1000 characters.</summary>
    public string? Description { get; init; }

    /// <summary>The kind. Required; it cannot change.</summary>
    public AlertKind? Kind { get; init; }

    /// <summary>The kind's parameters; absent ones take the kind's defaults (see the kind table).</summary>
    public JsonObject? Params { get; init; }

    /// <summary>Which customers the rule looks at; default stages retention, expansion, contraction.</summary>
    public AlertScopeFields? Scope { get; init; }

    /// <summary>How severe its alerts are; absent members take the kind's defaults.</summary>
    public AlertSeverityFields? Severity { get; init; }

    /// <summary>After an alert is resolved or dismissed, detections of its key are suppressed for this many days unless more severe (0–3650, default 30).</summary>
    public int? CooldownDays { get; init; }

    /// <summary>Whether an evaluation that finds the condition false closes the active alert as auto-resolved (default true for window kinds).</summary>
    public bool? AutoResolve { get; init; }

    /// <summary>Whether the rule is evaluated (default false: a new rule is reviewed with a dry-run first).</summary>
    public bool? Enabled { get; init; }

    /// <summary>What happens when an alert opens (at most 5).</summary>
    public List<AlertActionFields>? ActionsOnOpen { get; init; }

    /// <summary>The validated fields completed with the kind's defaults, in their stored form.</summary>
    public AlertRuleDetails ToDetails()
    {
        var kind = Kind!.Value;
        var spec = AlertKindCatalog.Of(kind);
        var scope = new AlertScopeFields
        {
            Stages = Scope?.Stages is { } stages ? [.. stages.Distinct()] : [LifecycleStage.Retention, LifecycleStage.Expansion, LifecycleStage.Contraction],
            Segments = [.. (Scope?.Segments ?? []).Distinct(StringComparer.Ordinal)],
            Tags = [.. (Scope?.Tags ?? []).Select(t => t.Trim()).Distinct(StringComparer.OrdinalIgnoreCase)],
        };
        var severity = spec.Severity is { } rule
            ? new AlertSeverityFields
            {
                Base = Severity?.Base ?? rule.Base,
                Raised = Severity?.Raised ?? rule.Raised,
                RaiseAt = rule.RaiseAt is null ? null : Severity?.RaiseAt ?? rule.RaiseAt,
                RaiseForSegments = rule.RaiseForSegments is null ? null : [.. (Severity?.RaiseForSegments ?? [.. rule.RaiseForSegments]).Distinct(StringComparer.Ordinal)],
            }
            : new AlertSeverityFields();
        var actions = (ActionsOnOpen ?? []).Select(a => new AlertActionFields
        {
            Type = "task",
            TaskType = a.TaskType ?? "call",
            DueInDays = a.DueInDays ?? 2,
            Priority = a.Priority,
        }).ToList();
        return new AlertRuleDetails(
            Key!.Trim(),
            Name!.Trim(),
            kind,
            AlertKindCatalog.CompleteParams(kind, Params).ToJsonString(ApiJson.Options),
            JsonSerializer.Serialize(scope, ApiJson.Options),
            JsonSerializer.Serialize(severity, ApiJson.Options),
            CooldownDays ?? 30,
            AutoResolve ?? spec.AutoResolveByDefault,
            Enabled ?? false,
            JsonSerializer.Serialize(actions, ApiJson.Options),
            string.IsNullOrWhiteSpace(Description) ? null : Description.Trim());
    }

    /// <summary>The stored rule as the document a merge-patch applies to.</summary>
    public static AlertRuleFields From(AlertRuleDetails details)
    {
        ArgumentNullException.ThrowIfNull(details);
        return new AlertRuleFields
        {
            Key = details.Key,
            Name = details.Name,
            Description = details.Description,
            Kind = details.Kind,
            Params = JsonNode.Parse(details.Params)!.AsObject(),
            Scope = JsonSerializer.Deserialize<AlertScopeFields>(details.Scope, ApiJson.Options),
            Severity = JsonSerializer.Deserialize<AlertSeverityFields>(details.Severity, ApiJson.Options),
            CooldownDays = details.CooldownDays,
            AutoResolve = details.AutoResolve,
            Enabled = details.Enabled,
            ActionsOnOpen = JsonSerializer.Deserialize<List<AlertActionFields>>(details.ActionsOnOpen, ApiJson.Options),
        };
    }
}

/// <summary>The input rules of an alert rule (the OpenAPI document reads its bounds from here).</summary>
public sealed class AlertRuleFieldsValidator : AbstractValidator<AlertRuleFields>
{
    public const int MaxActions = 5;
    public const int MaxScopeEntries = 50;

    public static readonly IReadOnlyList<string> TaskTypes = ["call", "email", "sms", "wechat", "meeting", "visit", "todo"];
    public static readonly IReadOnlyList<string> TaskPriorities = ["low", "normal", "high"];

    public AlertRuleFieldsValidator()
    {
        RuleFor(x => x.Key).NotEmpty().MaximumLength(AlertRule.KeyMaxLength)
            .Must(k => k is null || IsSlug(k))
            .WithMessage("'key' is a slug: lower-case letters and digits in words joined by single dashes, e.g. frequency-drop-vip.");
        RuleFor(x => x.Name).NotEmpty().MaximumLength(AlertRule.NameMaxLength);
        RuleFor(x => x.Description).MaximumLength(AlertRule.DescriptionMaxLength);
        RuleFor(x => x.Kind).NotNull();
        RuleFor(x => x.CooldownDays).InclusiveBetween(0, AlertRule.MaxCooldownDays);
        RuleFor(x => x.Params).Custom((given, context) =>
        {
            if (context.InstanceToValidate.Kind is not { } kind || given is null)
            {
                return;
            }

            var spec = AlertKindCatalog.Of(kind);
            foreach (var (name, value) in given)
            {
                var param = spec.Params.FirstOrDefault(p => p.Name == name);
                if (param is null)
                {
                    context.AddFailure($"params.{name}", spec.Params.Count == 0
                        ? $"'{spec.Key}' takes no parameters."
                        : $"'{name}' is not a parameter of '{spec.Key}'; its parameters are {string.Join(", ", spec.Params.Select(p => p.Name))}.");
                }
                else if (AlertKindCatalog.Problem(param, value) is { } problem)
                {
                    context.AddFailure($"params.{name}", problem);
                }
            }

            var complete = AlertKindCatalog.CompleteParams(kind, given);
            if (kind == AlertKind.SpendDrift && (int)complete["minPeriods"]! > (int)complete["baselinePeriods"]! + 1)
            {
                context.AddFailure("params.minPeriods", "'minPeriods' cannot exceed baselinePeriods + 1 (the baseline periods and the current one).");
            }
        });
        RuleFor(x => x.Scope!.Stages).Must(s => s is null || s.Count <= MaxScopeEntries).WithMessage($"At most {MaxScopeEntries} stages.").When(x => x.Scope is not null).OverridePropertyName("scope.stages");
        RuleFor(x => x.Scope!.Segments).Must(s => s is null || (s.Count <= MaxScopeEntries && s.All(IsSlug)))
            .WithMessage($"At most {MaxScopeEntries} segment keys (lower-case words joined by dashes, e.g. at-risk).").When(x => x.Scope is not null).OverridePropertyName("scope.segments");
        RuleFor(x => x.Scope!.Tags).Must(t => t is null || (t.Count <= MaxScopeEntries && t.All(tag => !string.IsNullOrWhiteSpace(tag) && tag.Length <= 50)))
            .WithMessage($"At most {MaxScopeEntries} tags of 1–50 characters.").When(x => x.Scope is not null).OverridePropertyName("scope.tags");
        RuleFor(x => x.Severity).Custom((severity, context) =>
        {
            if (severity is null || context.InstanceToValidate.Kind is not { } kind)
            {
                return;
            }

            var rule = AlertKindCatalog.Of(kind).Severity;
            if (rule is null)
            {
                if (severity.Base is not null || severity.Raised is not null || severity.RaiseAt is not null || severity.RaiseForSegments is not null)
                {
                    context.AddFailure("severity", "'sla-breach' takes its severity from the case priority: send no severity.");
                }

                return;
            }

            if (severity.RaiseAt is not null && rule.RaiseAt is null)
            {
                context.AddFailure("severity.raiseAt", $"'{AlertKindCatalog.Of(kind).Key}' raises by segment: use raiseForSegments.");
            }

            if (severity.RaiseAt is < 0 or > 1000)
            {
                context.AddFailure("severity.raiseAt", "'raiseAt' must be between 0 and 1000.");
            }

            if (severity.RaiseForSegments is not null && rule.RaiseForSegments is null)
            {
                context.AddFailure("severity.raiseForSegments", $"'{AlertKindCatalog.Of(kind).Key}' raises by score: use raiseAt.");
            }
            else if (severity.RaiseForSegments is { } segments && (segments.Count > MaxScopeEntries || !segments.All(IsSlug)))
            {
                context.AddFailure("severity.raiseForSegments", $"At most {MaxScopeEntries} segment keys (lower-case words joined by dashes).");
            }

            var baseLevel = severity.Base ?? rule.Base;
            if ((severity.Raised ?? rule.Raised) < baseLevel)
            {
                context.AddFailure("severity.raised", "'raised' cannot be lower than 'base'.");
            }
        });
        RuleFor(x => x.ActionsOnOpen).Must(a => a is null || a.Count <= MaxActions).WithMessage($"At most {MaxActions} actions.");
        RuleForEach(x => x.ActionsOnOpen).NotNull().WithMessage("An action cannot be null.");
        RuleForEach(x => x.ActionsOnOpen).ChildRules(action =>
        {
            action.RuleFor(a => a.Type).NotEmpty().Equal("task").WithMessage("'type' must be 'task' (the only action so far).");
            action.RuleFor(a => a.TaskType).Must(t => t is null || TaskTypes.Contains(t)).WithMessage($"'taskType' must be one of: {string.Join(", ", TaskTypes)}.");
            action.RuleFor(a => a.DueInDays).InclusiveBetween(0, 365);
            action.RuleFor(a => a.Priority).Must(p => p is null || TaskPriorities.Contains(p)).WithMessage($"'priority' must be one of: {string.Join(", ", TaskPriorities)}.");
        });
    }

    /// <summary>A slug: lower-case letters and digits in words joined by single dashes (keys and segment names).</summary>
    public static bool IsSlug(string? key) => key is not null && key.Length <= AlertRule.KeyMaxLength && key.Split('-').All(w => w.Length > 0 && w.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9')));
}
