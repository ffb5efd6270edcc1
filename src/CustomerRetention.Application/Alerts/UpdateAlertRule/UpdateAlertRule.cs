using System.Text.Json.Nodes;
using AutoMapper;
using CustomerRetention.Application.Alerts.Contracts;
using CustomerRetention.Application.BuildingBlocks;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Application.BuildingBlocks.Json;
using FluentValidation;
using Mediator;

namespace CustomerRetention.Application.Alerts.UpdateAlertRule;

/// <summary>Merge-patch (RFC 7396) of a rule; the merged document is validated like a create, and a change makes a new version.</summary>
public sealed record UpdateAlertRuleCommand(Guid Id, JsonObject Patch, uint? ExpectedVersion) : ICommand<AlertRuleDto>;

public sealed class UpdateAlertRuleHandler(IApplicationDbContext db, IMapper mapper, TimeProvider clock) : ICommandHandler<UpdateAlertRuleCommand, AlertRuleDto>
{
    public async ValueTask<AlertRuleDto> Handle(UpdateAlertRuleCommand command, CancellationToken cancellationToken)
    {
        var rule = await AlertRuleLookup.FindAsync(db, command.Id, command.ExpectedVersion, cancellationToken);
        var fields = JsonMergePatch.ApplyTo(AlertRuleFields.From(rule.ToDetails()), command.Patch);
        if (fields.Kind != rule.Kind)
        {
            // Checked first: the other kind's validation would only complain about the old kind's params.
            throw new ValidationException([new FluentValidation.Results.ValidationFailure("kind", "'kind' cannot change: create a new rule for another kind.")]);
        }

        await new AlertRuleFieldsValidator().ValidateAndThrowAsync(fields, cancellationToken);
        var details = fields.ToDetails();
        await AlertRuleLookup.CheckAsync(db, details, rule.Id, cancellationToken);
        rule.Update(details, clock.UtcNowMicroseconds());
        await ConditionalSave.SaveAsync(db, command.ExpectedVersion, cancellationToken);
        return mapper.Map<AlertRuleDto>(rule);
    }
}
