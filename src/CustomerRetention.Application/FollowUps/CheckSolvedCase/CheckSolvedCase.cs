using System.Globalization;
using CustomerRetention.Application.BuildingBlocks;
using CustomerRetention.Application.BuildingBlocks.Calendar;
using CustomerRetention.Application.BuildingBlocks.Events;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Application.Customers.Contracts;
using CustomerRetention.Application.ServiceLevels.Contracts;
using CustomerRetention.Domain.Cases;
using CustomerRetention.Domain.FollowUps;
using Microsoft.EntityFrameworkCore;

namespace CustomerRetention.Application.FollowUps.CheckSolvedCase;

/// <summary>
/// When a case is solved, a call checks the customer is satisfied (SPEC §9.3): a task of type
/// <c>call</c>, source <c>case</c>, owned by the case's assignee (else the customer's owner), due
/// the next business day: of the business calendar of the SLA policy the case keeps (the first
/// date after the local date it was solved on, in that calendar's zone, with opening hours and
/// not a holiday), or — for a case without one — the first Monday-to-Friday date after the local
/// date in the deployment time zone. One task per case and solve (dedupe key
/// <c>case-solved:&lt;case&gt;:&lt;reopenCount&gt;</c>): a reopened case solved again gets a new one.
/// Reads only the event's members, never the case.
/// </summary>
public sealed class CheckSolvedCaseHandler(IApplicationDbContext db, IDeploymentCalendar calendar, ISlaPolicies policies, TimeProvider clock) : IDomainEventHandler<CaseStatusChanged>
{
    public async ValueTask Handle(CaseStatusChanged domainEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(domainEvent);
        if (domainEvent.To != CaseStatus.Solved)
        {
            return;
        }

        var key = $"case-solved:{domainEvent.CaseId}:{domainEvent.ReopenCount}";
        if (await db.FollowUpTasks.IgnoreQueryFilters().AnyAsync(t => t.DedupeKey == key, cancellationToken))
        {
            return;
        }

        var solvedOn = calendar.LocalDate(domainEvent.At);
        var terms = domainEvent.CaseSlaPolicyId is { } policy && domainEvent.CaseSlaPolicyVersion is { } version
            ? await policies.GetVersionAsync(policy, version, cancellationToken)
            : null;
        var due = terms?.Clock?.NextBusinessDay(domainEvent.At) ?? NextBusinessDay(solvedOn);
        var owner = domainEvent.CaseAssigneeId
            ?? await db.OwnerOfLiveAsync(domainEvent.CaseCustomerId, cancellationToken);
        var reason = string.Create(
            CultureInfo.InvariantCulture,
            $"Case {domainEvent.CaseNumber} was solved on {solvedOn:yyyy-MM-dd}: call to check the customer is satisfied, the next business day ({due:yyyy-MM-dd}).");
        var subject = $"Check satisfaction: {domainEvent.CaseNumber} {domainEvent.CaseSubject}";
        db.FollowUpTasks.Add(FollowUpTask.ForSolvedCase(
            domainEvent.CaseCustomerId, domainEvent.CaseId, subject.Length > FollowUpLimits.SubjectMaxLength ? subject[..FollowUpLimits.SubjectMaxLength] : subject,
            reason, key, owner, due, clock.UtcNowMicroseconds()));
    }

    /// <summary>The first Monday-to-Friday date after <paramref name="day"/>.</summary>
    public static DateOnly NextBusinessDay(DateOnly day)
    {
        var next = day.AddDays(1);
        while (next.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
        {
            next = next.AddDays(1);
        }

        return next;
    }
}
