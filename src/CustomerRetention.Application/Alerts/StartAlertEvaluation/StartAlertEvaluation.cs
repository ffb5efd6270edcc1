using AutoMapper;
using CustomerRetention.Application.Alerts.Contracts;
using CustomerRetention.Application.BuildingBlocks;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Application.BuildingBlocks.Jobs;
using CustomerRetention.Application.BuildingBlocks.Json;
using CustomerRetention.Domain.Alerts;
using CustomerRetention.Domain.BuildingBlocks;
using CustomerRetention.Domain.BuildingBlocks.Jobs;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CustomerRetention.Application.Alerts.StartAlertEvaluation;

/// <summary>The body of an evaluation request.</summary>
[ReadOnlyMember("id", ReadOnlyReasons.Id)]
[ReadOnlyMember("status", ReadOnlyReasons.Status)]
[ReadOnlyMember("figures", "'figures' is read-only: the evaluation records them.")]
public sealed record AlertEvaluationRequest
{
    /// <summary>The instant the windows end at; default now, never in the future. A past asOf is a backtest: only orders with orderedAt ≤ asOf count.</summary>
    public DateTimeOffset? AsOf { get; init; }
}

/// <summary>
/// Queue an evaluation of the rule's current version at asOf. One evaluation exists per (rule,
/// version, asOf) unless it failed: asking again returns it (and creates nothing new).
/// </summary>
public sealed record StartAlertEvaluationCommand(Guid RuleId, AlertEvaluationRequest Request) : ICommand<AlertEvaluationDto>;

public sealed class StartAlertEvaluationHandler(IApplicationDbContext db, IMapper mapper, TimeProvider clock, IJobSignal<AlertEvaluationJob> signal)
    : ICommandHandler<StartAlertEvaluationCommand, AlertEvaluationDto>
{
    public async ValueTask<AlertEvaluationDto> Handle(StartAlertEvaluationCommand command, CancellationToken cancellationToken)
    {
        var rule = await AlertRuleLookup.FindAsync(db, command.RuleId, null, cancellationToken);
        if (!AlertKinds.IsEvaluable(rule.Kind))
        {
            throw new DomainException("alert-rule-not-evaluable", $"'{AlertKindCatalog.Of(rule.Kind).Key}' rules are evaluated when their event happens, not at an asOf.");
        }

        if (!rule.Enabled)
        {
            throw new DomainException("alert-rule-disabled", "The rule is disabled: enable it to evaluate it, or preview it with POST /api/v1/alert-rules/{id}/dry-run.");
        }

        var now = clock.UtcNowMicroseconds();
        var asOf = command.Request.AsOf?.ToMicroseconds() ?? now;
        var evaluation = await AlertEvaluations.QueueAsync(db, rule, asOf, EvaluationTrigger.Request, null, now, cancellationToken);
        signal.Notify();
        return mapper.Map<AlertEvaluationDto>(evaluation);
    }
}

public sealed class StartAlertEvaluationValidator : AbstractValidator<StartAlertEvaluationCommand>
{
    public StartAlertEvaluationValidator(TimeProvider clock) =>
        RuleFor(x => x.Request.AsOf).Must(a => a is null || a <= clock.GetUtcNow()).WithMessage("'asOf' cannot be in the future.").OverridePropertyName("asOf");
}
