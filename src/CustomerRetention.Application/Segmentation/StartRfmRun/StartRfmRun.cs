using AutoMapper;
using CustomerRetention.Application.BuildingBlocks;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Application.BuildingBlocks.Jobs;
using CustomerRetention.Application.BuildingBlocks.Json;
using CustomerRetention.Domain.Segmentation;
using Mediator;

namespace CustomerRetention.Application.Segmentation.StartRfmRun;

/// <summary>The body of an RFM run request.</summary>
[ReadOnlyMember("id", ReadOnlyReasons.Id)]
[ReadOnlyMember("status", ReadOnlyReasons.Status)]
[ReadOnlyMember("createdAt", ReadOnlyReasons.CreatedAt)]
[ReadOnlyMember("startedAt", ReadOnlyReasons.StartedAt)]
[ReadOnlyMember("finishedAt", ReadOnlyReasons.FinishedAt)]
[ReadOnlyMember("error", ReadOnlyReasons.Error)]
public sealed record RfmRunRequest
{
    /// <summary>The instant the run looks from; default now, never in the future.</summary>
    public DateTimeOffset? AsOf { get; init; }

    /// <summary>Only orders in the last this many days before asOf count; default all history.</summary>
    public int? WindowDays { get; init; }

    /// <summary>quantile (default) or fixed.</summary>
    public RfmPolicy? Policy { get; init; }

    /// <summary>With policy fixed only: four ascending breakpoints for each measure.</summary>
    public BreakpointsRequest? Breakpoints { get; init; }
}

public sealed record BreakpointsRequest
{
    public IReadOnlyList<double>? RecencyDays { get; init; }

    public IReadOnlyList<double>? Frequency { get; init; }

    public IReadOnlyList<double>? Monetary { get; init; }
}

/// <summary>Queue an RFM run; the background worker of one API instance runs it.</summary>
public sealed record StartRfmRunCommand(RfmRunRequest Request) : ICommand<RfmRunDto>;

public sealed class StartRfmRunHandler(IApplicationDbContext db, IMapper mapper, TimeProvider clock, IJobSignal<RfmRunJob> signal)
    : ICommandHandler<StartRfmRunCommand, RfmRunDto>
{
    public async ValueTask<RfmRunDto> Handle(StartRfmRunCommand command, CancellationToken cancellationToken)
    {
        var request = command.Request;
        var now = clock.UtcNowMicroseconds();
        var policy = request.Policy ?? RfmPolicy.Quantile;
        var breakpoints = request.Breakpoints is { } b
            ? new RfmBreakpoints(b.RecencyDays!, b.Frequency!, b.Monetary!)
            : null;
        var run = RfmRun.Queue(request.AsOf?.ToMicroseconds() ?? now, request.WindowDays, policy, breakpoints, now);
        db.RfmRuns.Add(run);
        await db.SaveChangesAsync(cancellationToken);
        signal.Notify();
        return mapper.Map<RfmRunDto>(run);
    }
}
