using CustomerRetention.Application.BuildingBlocks;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Application.BuildingBlocks.Jobs;
using CustomerRetention.Application.BuildingBlocks.Json;
using CustomerRetention.Domain.Value;
using Mediator;

namespace CustomerRetention.Application.Value.StartClvModel;

/// <summary>The body of a CLV model request.</summary>
[ReadOnlyMember("id", ReadOnlyReasons.Id)]
[ReadOnlyMember("status", ReadOnlyReasons.Status)]
[ReadOnlyMember("createdAt", ReadOnlyReasons.CreatedAt)]
[ReadOnlyMember("startedAt", ReadOnlyReasons.StartedAt)]
[ReadOnlyMember("finishedAt", ReadOnlyReasons.FinishedAt)]
[ReadOnlyMember("error", ReadOnlyReasons.Error)]
public sealed record ClvModelRequest
{
    /// <summary>The last day (UTC) whose completed orders the model learns from; required, not in the future.</summary>
    public DateOnly? CalibrationEnd { get; init; }

    /// <summary>The prediction horizon H in days, 1–3650; default 365.</summary>
    public int? HorizonDays { get; init; }

    /// <summary>The discount rate per 30-day month, at least 0 and below 1; default 0.01.</summary>
    public double? MonthlyDiscountRate { get; init; }
}

/// <summary>Queue a CLV model fit; the background worker of one API instance fits it.</summary>
public sealed record StartClvModelCommand(ClvModelRequest Request) : ICommand<ClvModelDto>;

public sealed class StartClvModelHandler(IApplicationDbContext db, TimeProvider clock, IJobSignal<ClvModelJob> signal)
    : ICommandHandler<StartClvModelCommand, ClvModelDto>
{
    public async ValueTask<ClvModelDto> Handle(StartClvModelCommand command, CancellationToken cancellationToken)
    {
        var request = command.Request;
        var model = ClvModel.Queue(
            request.CalibrationEnd!.Value,
            request.HorizonDays ?? ClvModel.DefaultHorizonDays,
            request.MonthlyDiscountRate ?? ClvModel.DefaultMonthlyDiscountRate,
            clock.UtcNowMicroseconds());
        db.ClvModels.Add(model);
        await db.SaveChangesAsync(cancellationToken);
        signal.Notify();
        return ClvModelDto.From(model);
    }
}
