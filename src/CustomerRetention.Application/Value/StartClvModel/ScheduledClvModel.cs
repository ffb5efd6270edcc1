using CustomerRetention.Application.BuildingBlocks.Jobs;
using Mediator;

namespace CustomerRetention.Application.Value.StartClvModel;

/// <summary>
/// A scheduled CLV model: the same command as <c>POST /api/v1/clv/models</c> with the default
/// horizon and discount rate, calibrated up to the last whole UTC day before the occurrence (the
/// request's only required field has no default, so a schedule supplies the latest complete day).
/// </summary>
internal sealed class ScheduledClvModel(ISender sender) : IScheduledJob<ClvModelJob>
{
    public async ValueTask QueueAsync(DateTimeOffset occurrence, CancellationToken cancellationToken) =>
        await sender.Send(
            new StartClvModelCommand(new ClvModelRequest { CalibrationEnd = DateOnly.FromDateTime(occurrence.UtcDateTime).AddDays(-1) }),
            cancellationToken);
}
