using System.Text.Json.Nodes;
using AutoMapper;
using CustomerRetention.Application.Alerts.Contracts;
using CustomerRetention.Application.BuildingBlocks;
using CustomerRetention.Application.BuildingBlocks.Events;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Application.BuildingBlocks.Json;
using Mediator;

namespace CustomerRetention.Application.Alerts.UpdateAlert;

/// <summary>Merge-patch of an alert: its assignee.</summary>
public sealed record UpdateAlertCommand(Guid Id, JsonObject Patch, uint? ExpectedVersion) : ICommand<AlertDto>;

public sealed class UpdateAlertHandler(IApplicationDbContext db, IMapper mapper, TimeProvider clock, ICurrentActor actor) : ICommandHandler<UpdateAlertCommand, AlertDto>
{
    public async ValueTask<AlertDto> Handle(UpdateAlertCommand command, CancellationToken cancellationToken)
    {
        return await AlertLookup.ChangeAsync(
            db,
            mapper,
            command.Id,
            command.ExpectedVersion,
            alert => alert.Assign(JsonMergePatch.ApplyTo(new AlertFields { AssigneeId = alert.AssigneeId }, command.Patch).AssigneeId, actor.Name, clock.UtcNowMicroseconds()),
            cancellationToken);
    }
}
