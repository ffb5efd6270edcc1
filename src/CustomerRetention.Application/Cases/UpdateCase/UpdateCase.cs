using System.Text.Json.Nodes;
using AutoMapper;
using CustomerRetention.Application.BuildingBlocks;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Application.BuildingBlocks.Json;
using CustomerRetention.Application.Cases.Contracts;
using CustomerRetention.Application.Orders.Contracts;
using CustomerRetention.Domain.Cases;
using FluentValidation;
using FluentValidation.Results;
using Mediator;

namespace CustomerRetention.Application.Cases.UpdateCase;

/// <summary>
/// Merge-patch (RFC 7396) of a case: subject, description, category, priority and assignee change
/// first, then the status (with its resolution when solved), all at <c>at</c> (default now).
/// </summary>
public sealed record UpdateCaseCommand(Guid Id, JsonObject Patch, string Actor, uint? ExpectedVersion) : ICommand<CaseDto>;

public sealed class UpdateCaseHandler(IApplicationDbContext db, IMapper mapper, CaseSlaPlans sla, TimeProvider clock, IValidator<CasePatch> validator, OrderSettings settings)
    : ICommandHandler<UpdateCaseCommand, CaseDto>
{
    public async ValueTask<CaseDto> Handle(UpdateCaseCommand command, CancellationToken cancellationToken)
    {
        var supportCase = await CaseLookup.FindAsync(db, command.Id, command.ExpectedVersion, cancellationToken);
        var patch = JsonMergePatch.ApplyTo(CasePatch.From(supportCase), command.Patch);
        var validation = await validator.ValidateAsync(patch, cancellationToken);
        var failures = validation.Errors.ToList();
        var solving = patch.Status == CaseStatus.Solved && supportCase.Status != CaseStatus.Solved;
        if (solving && patch.Resolution is null)
        {
            failures.Add(new ValidationFailure("resolution", "'resolution' is required when the case becomes solved."));
        }
        else if (!solving && patch.Resolution is not null)
        {
            failures.Add(new ValidationFailure("resolution", "'resolution' goes with a change of 'status' to solved."));
        }

        if (failures.Count > 0)
        {
            throw new ValidationException(failures);
        }

        var now = clock.UtcNowMicroseconds();
        var at = patch.At?.ToMicroseconds() ?? now;
        var factsChanged = patch.Priority != supportCase.Priority || patch.Category != supportCase.Category;
        supportCase.Update(patch.Subject!.Trim(), CreateCase.CreateCaseHandler.Blank(patch.Description), patch.Category!.Value, patch.Priority!.Value, patch.AssigneeId, at, command.Actor, now);
        supportCase.ChangeStatus(patch.Status!.Value, patch.Resolution?.ToResolution(settings), at, command.Actor, now);
        await sla.ApplyAsync(supportCase, factsChanged, now, cancellationToken);
        await ConditionalSave.SaveAsync(db, command.ExpectedVersion, cancellationToken);
        return mapper.Map<CaseDto>(supportCase) with { History = null };
    }
}
