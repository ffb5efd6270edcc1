using CustomerRetention.Application.BuildingBlocks;
using CustomerRetention.Application.BuildingBlocks.Calendar;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Application.BuildingBlocks.Jobs;
using CustomerRetention.Application.BuildingBlocks.Json;
using CustomerRetention.Domain.FollowUps;
using Mediator;

namespace CustomerRetention.Application.FollowUps.StartFollowUpRun;

/// <summary>The body of a follow-up run request.</summary>
[ReadOnlyMember("id", ReadOnlyReasons.Id)]
[ReadOnlyMember("status", ReadOnlyReasons.Status)]
[ReadOnlyMember("results", "'results' is read-only: the run reports them.")]
[ReadOnlyMember("createdAt", ReadOnlyReasons.CreatedAt)]
public sealed record FollowUpRunRequest
{
    /// <summary>The local date to evaluate the policies for (YYYY-MM-DD); default today in Crm:TimeZone.</summary>
    public DateOnly? AsOf { get; init; }
}

/// <summary>Queue a follow-up run; the background worker of one API instance runs it.</summary>
public sealed record StartFollowUpRunCommand(FollowUpRunRequest Request) : ICommand<FollowUpRunDto>;

public sealed class StartFollowUpRunHandler(IApplicationDbContext db, IDeploymentCalendar calendar, TimeProvider clock, IJobSignal<FollowUpRunJob> signal)
    : ICommandHandler<StartFollowUpRunCommand, FollowUpRunDto>
{
    public async ValueTask<FollowUpRunDto> Handle(StartFollowUpRunCommand command, CancellationToken cancellationToken)
    {
        var run = FollowUpRun.Queue(command.Request.AsOf ?? calendar.Today, calendar.ZoneId, clock.UtcNowMicroseconds());
        db.FollowUpRuns.Add(run);
        await db.SaveChangesAsync(cancellationToken);
        signal.Notify();
        return FollowUpRunDto.Of(run);
    }
}
