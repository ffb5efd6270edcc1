using AutoMapper;
using CustomerRetention.Application.BuildingBlocks;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Application.Cases.Contracts;
using CustomerRetention.Application.Customers.Contracts;
using CustomerRetention.Application.Orders.Contracts;
using CustomerRetention.Domain.Cases;
using FluentValidation;
using FluentValidation.Results;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CustomerRetention.Application.Cases.CreateCase;

/// <summary>Open a case for a live customer: numbered, status new, assigned by default to the customer's owner.</summary>
public sealed record CreateCaseCommand(Guid CustomerId, CaseFields Fields, string Actor) : ICommand<CaseDto>;

public sealed class CreateCaseHandler(IApplicationDbContext db, IMapper mapper, CaseSlaPlans sla, TimeProvider clock) : ICommandHandler<CreateCaseCommand, CaseDto>
{
    public async ValueTask<CaseDto> Handle(CreateCaseCommand command, CancellationToken cancellationToken)
    {
        var owner = await db.OwnerOfAsync(command.CustomerId, cancellationToken);
        var f = command.Fields;
        var failures = new List<ValidationFailure>();
        if (f.OrderId is { } order && !await db.IsOrderOfAsync(order, command.CustomerId, cancellationToken))
        {
            failures.Add(new ValidationFailure("orderId", "'orderId' is not an order of this customer."));
        }

        if (f.LinkedCaseId is { } linked && !await db.Cases.AnyAsync(c => c.Id == linked && c.CustomerId == command.CustomerId && c.Status == CaseStatus.Closed, cancellationToken))
        {
            failures.Add(new ValidationFailure("linkedCaseId", "'linkedCaseId' is not a closed case of this customer (only a closed case is followed up by a new one)."));
        }

        if (failures.Count > 0)
        {
            throw new ValidationException(failures);
        }

        var now = clock.UtcNowMicroseconds();
        var details = new CaseDetails(f.Channel!.Value, f.Category!.Value, f.Subject!.Trim(), Blank(f.Description), f.Priority ?? CasePriority.Normal, f.OrderId, f.AssigneeId ?? owner);
        var supportCase = SupportCase.Open(
            await db.NextCaseNumberAsync(cancellationToken), command.CustomerId, details, f.LinkedCaseId, f.OpenedAt?.ToMicroseconds() ?? now, command.Actor, now);
        await sla.StartAsync(supportCase, now, cancellationToken);
        db.Cases.Add(supportCase);
        await db.SaveChangesAsync(cancellationToken);
        return mapper.Map<CaseDto>(supportCase);
    }

    internal static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;
}

public sealed class CreateCaseValidator : AbstractValidator<CreateCaseCommand>
{
    public CreateCaseValidator(TimeProvider clock) =>
        RuleFor(x => x.Fields).SetValidator(new CaseFieldsValidator(clock)).OverridePropertyName(string.Empty);
}
