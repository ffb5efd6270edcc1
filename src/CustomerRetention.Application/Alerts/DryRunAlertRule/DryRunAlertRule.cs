using System.Text.Json.Nodes;
using CustomerRetention.Application.Alerts.Contracts;
using CustomerRetention.Application.BuildingBlocks;
using CustomerRetention.Application.BuildingBlocks.Exceptions;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Application.BuildingBlocks.Json;
using CustomerRetention.Domain.Alerts;
using CustomerRetention.Domain.BuildingBlocks;
using FluentValidation;
using Mediator;

namespace CustomerRetention.Application.Alerts.DryRunAlertRule;

/// <summary>The body of a dry-run.</summary>
public sealed record AlertDryRunRequest
{
    /// <summary>The instant the windows end at; default now, never in the future (a past asOf is a backtest).</summary>
    public DateTimeOffset? AsOf { get; init; }

    /// <summary>How many of the alerts that would open to return, 1–1000 (default 100); the figures count them all.</summary>
    public int? Limit { get; init; }

    /// <summary>
    /// A draft: on <c>/alert-rules/{id}/dry-run</c> a merge-patch of the rule (try other parameters
    /// without saving them); on <c>/alert-rules/dry-run</c> a whole rule body (key optional).
    /// </summary>
    public JsonObject? Rule { get; init; }
}

/// <summary>What a rule (saved, patched or a draft) would do at asOf: the alerts it would open and the figures. Writes nothing.</summary>
public sealed record DryRunAlertRuleCommand(Guid? RuleId, AlertDryRunRequest Request) : ICommand<AlertDryRunDto>;

public sealed class DryRunAlertRuleHandler(IApplicationDbContext db, IAlertDryRun dryRun, TimeProvider clock) : ICommandHandler<DryRunAlertRuleCommand, AlertDryRunDto>
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    public async ValueTask<AlertDryRunDto> Handle(DryRunAlertRuleCommand command, CancellationToken cancellationToken)
    {
        var request = command.Request;
        AlertRuleSettings settings;
        if (command.RuleId is { } id)
        {
            var rule = await AlertRuleLookup.FindAsync(db, id, null, cancellationToken);
            settings = request.Rule is null ? AlertRuleSettings.From(rule) : await DraftAsync(AlertRuleFields.From(rule.ToDetails()), request.Rule, rule.Id, cancellationToken);
        }
        else
        {
            var body = request.Rule ?? throw new ValidationException([new FluentValidation.Results.ValidationFailure("rule", "'rule' is required: the draft rule to try.")]);
            body = (JsonObject)body.DeepClone();
            body.TryAdd("key", "draft");
            settings = await DraftAsync(new AlertRuleFields(), body, null, cancellationToken);
        }

        if (!AlertKinds.IsEvaluable(settings.Kind))
        {
            throw new DomainException("alert-rule-not-evaluable", $"'{AlertKindCatalog.Of(settings.Kind).Key}' rules are evaluated when their event happens, not at an asOf.");
        }

        var asOf = request.AsOf?.ToMicroseconds() ?? clock.UtcNowMicroseconds();
        return await dryRun.RunAsync(settings, asOf, request.Limit ?? DefaultLimit, cancellationToken);
    }

    /// <summary>A draft: <paramref name="patch"/> merged over <paramref name="start"/>, validated like a saved rule (errors under "rule."); a patched rule keeps its id, so its alerts count.</summary>
    private async Task<AlertRuleSettings> DraftAsync(AlertRuleFields start, JsonObject patch, Guid? ruleId, CancellationToken cancellationToken)
    {
        AlertRuleFields fields;
        try
        {
            fields = JsonMergePatch.ApplyTo(start, patch);
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new ValidationException([new FluentValidation.Results.ValidationFailure("rule", $"Not a rule body: {e.Message}")]);
        }

        var result = await new AlertRuleFieldsValidator().ValidateAsync(fields, cancellationToken);
        if (!result.IsValid)
        {
            throw new ValidationException(result.Errors.Select(e => new FluentValidation.Results.ValidationFailure("rule." + e.PropertyName, e.ErrorMessage)));
        }

        var settings = AlertRuleSettings.From(fields.ToDetails(), ruleId);
        await AlertRuleLookup.CheckSegmentsAsync(db, settings, "rule.", cancellationToken);
        return settings;
    }
}

public sealed class DryRunAlertRuleValidator : AbstractValidator<DryRunAlertRuleCommand>
{
    public DryRunAlertRuleValidator(TimeProvider clock)
    {
        RuleFor(x => x.Request.AsOf).Must(a => a is null || a <= clock.GetUtcNow()).WithMessage("'asOf' cannot be in the future.").OverridePropertyName("asOf");
        RuleFor(x => x.Request.Limit).InclusiveBetween(1, DryRunAlertRuleHandler.MaxLimit).OverridePropertyName("limit");
    }
}
