using AutoMapper;
using CustomerRetention.Application.Alerts.Contracts;
using CustomerRetention.Application.BuildingBlocks;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Domain.Alerts;
using FluentValidation;
using Mediator;

namespace CustomerRetention.Application.Alerts.CreateAlertRule;

/// <summary>Create an alert rule; it is disabled unless the body enables it.</summary>
public sealed record CreateAlertRuleCommand(AlertRuleFields Fields) : ICommand<AlertRuleDto>;

public sealed class CreateAlertRuleHandler(IApplicationDbContext db, IMapper mapper, TimeProvider clock) : ICommandHandler<CreateAlertRuleCommand, AlertRuleDto>
{
    public async ValueTask<AlertRuleDto> Handle(CreateAlertRuleCommand command, CancellationToken cancellationToken)
    {
        var details = command.Fields.ToDetails();
        await AlertRuleLookup.CheckAsync(db, details, null, cancellationToken);
        var rule = AlertRule.Create(details, clock.UtcNowMicroseconds());
        db.AlertRules.Add(rule);
        await db.SaveChangesAsync(cancellationToken);
        return mapper.Map<AlertRuleDto>(rule);
    }
}

public sealed class CreateAlertRuleValidator : AbstractValidator<CreateAlertRuleCommand>
{
    public CreateAlertRuleValidator() =>
        RuleFor(x => x.Fields).SetValidator(new AlertRuleFieldsValidator()).OverridePropertyName(string.Empty);
}
