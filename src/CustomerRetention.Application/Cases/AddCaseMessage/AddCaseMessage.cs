using AutoMapper;
using CustomerRetention.Application.BuildingBlocks;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Application.Cases.Contracts;
using CustomerRetention.Application.Orders.Contracts;
using FluentValidation;
using Mediator;

namespace CustomerRetention.Application.Cases.AddCaseMessage;

/// <summary>
/// Adds a message to a case at <c>sentAt</c> (default now) and, when the request names a
/// <c>status</c>, changes the case's status right after it at the same instant — so replying and
/// setting pending-customer in one request counts the reply first.
/// </summary>
public sealed record AddCaseMessageCommand(Guid CaseId, CaseMessageRequest Request, string Actor, uint? ExpectedVersion) : ICommand<CaseMessageResultDto>;

public sealed class AddCaseMessageHandler(IApplicationDbContext db, IMapper mapper, CaseSlaPlans sla, TimeProvider clock, OrderSettings settings)
    : ICommandHandler<AddCaseMessageCommand, CaseMessageResultDto>
{
    public async ValueTask<CaseMessageResultDto> Handle(AddCaseMessageCommand command, CancellationToken cancellationToken)
    {
        var supportCase = await CaseLookup.FindAsync(db, command.CaseId, command.ExpectedVersion, cancellationToken);
        var r = command.Request;
        var now = clock.UtcNowMicroseconds();
        var sentAt = r.SentAt?.ToMicroseconds() ?? now;
        var message = supportCase.AddMessage(r.Direction!.Value, r.Author, r.IsPublic, r.Body!, sentAt, command.Actor, now);
        db.CaseMessages.Add(message);
        if (r.Status is { } status)
        {
            supportCase.ChangeStatus(status, r.Resolution?.ToResolution(settings), sentAt, command.Actor, now);
        }

        await sla.ApplyAsync(supportCase, factsChanged: false, now, cancellationToken);
        await ConditionalSave.SaveAsync(db, command.ExpectedVersion, cancellationToken);
        return new CaseMessageResultDto(mapper.Map<CaseMessageDto>(message), mapper.Map<CaseDto>(supportCase) with { History = null });
    }
}

public sealed class AddCaseMessageValidator : AbstractValidator<AddCaseMessageCommand>
{
    public AddCaseMessageValidator(TimeProvider clock) =>
        RuleFor(x => x.Request).SetValidator(new CaseMessageRequestValidator(clock)).OverridePropertyName(string.Empty);
}
