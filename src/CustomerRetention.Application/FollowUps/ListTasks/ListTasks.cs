using CustomerRetention.Application.BuildingBlocks.Calendar;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Application.BuildingBlocks.Paging;
using CustomerRetention.Application.Customers.Contracts;
using CustomerRetention.Application.FollowUps.Contracts;
using CustomerRetention.Domain.FollowUps;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CustomerRetention.Application.FollowUps.ListTasks;

/// <summary>The filters of a task list; <see cref="CustomerId"/> set: one customer's tasks.</summary>
public sealed record TaskListFilter(
    Guid? CustomerId,
    FollowUpStatus? Status,
    Guid? OwnerId,
    TaskTiming? Timing,
    DateOnly? DueFrom,
    DateOnly? DueTo,
    TaskSource? Source);

/// <summary>
/// Tasks, soonest due first (by the local due date, then id), keyset-paginated; filters by status,
/// owner, timing, source and the inclusive due-date range [dueFrom, dueTo]. Agents see the tasks
/// of the customers they own; tasks of archived customers are left out.
/// </summary>
public sealed record ListTasksQuery(TaskListFilter Filter, int? Limit, string? Cursor) : IQuery<Page<TaskDto>>;

/// <summary>A position in a task list: the due date and id of the last item.</summary>
internal sealed record TaskCursor(string Scope, DateOnly DueOn, Guid Id);

public sealed class ListTasksHandler(IApplicationDbContext db, TaskViews views, IDeploymentCalendar calendar, ICursorCodec cursors)
    : IQueryHandler<ListTasksQuery, Page<TaskDto>>
{
    public async ValueTask<Page<TaskDto>> Handle(ListTasksQuery query, CancellationToken cancellationToken)
    {
        var f = query.Filter;
        if (f.CustomerId is { } customerId)
        {
            await db.EnsureLiveAsync(customerId, cancellationToken);
        }

        var today = calendar.Today;
        var scope = $"tasks:{f.CustomerId}:{f.Status}:{f.OwnerId}:{f.Timing}:{f.DueFrom}:{f.DueTo}:{f.Source}:{(f.Timing is null ? string.Empty : today.ToString("O", System.Globalization.CultureInfo.InvariantCulture))}";
        TaskCursor? after = null;
        if (query.Cursor is not null && (!cursors.TryDecode(query.Cursor, out after) || after is null || after.Scope != scope))
        {
            throw Keyset.InvalidCursor();
        }

        var tasks = Filtered(db.FollowUpTasks.AsNoTracking(), f, today);
        if (after is not null)
        {
            var (dueOn, id) = (after.DueOn, after.Id);
            tasks = tasks.Where(t => t.DueOn > dueOn || (t.DueOn == dueOn && t.Id.CompareTo(id) > 0));
        }

        var limit = query.Limit ?? PageLimits.Default;
        var rows = await tasks.OrderBy(t => t.DueOn).ThenBy(t => t.Id).Take(limit + 1).ToListAsync(cancellationToken);
        return Keyset.Page(rows, limit, t => views.Of(t, today), t => cursors.Encode(new TaskCursor(scope, t.DueOn, t.Id)));
    }

    private IQueryable<FollowUpTask> Filtered(IQueryable<FollowUpTask> tasks, TaskListFilter f, DateOnly today)
    {
        // Live customers the caller may see (an agent: its own), in the same statement.
        var visible = db.VisibleCustomerIds();
        tasks = tasks.Where(t => visible.Contains(t.CustomerId));
        if (f.CustomerId is { } customerId)
        {
            tasks = tasks.Where(t => t.CustomerId == customerId);
        }

        if (f.Status is { } status)
        {
            tasks = tasks.Where(t => t.Status == status);
        }

        if (f.OwnerId is { } owner)
        {
            tasks = tasks.Where(t => t.OwnerId == owner);
        }

        if (f.Source is { } source)
        {
            tasks = tasks.Where(t => t.Source == source);
        }

        if (f.DueFrom is { } from)
        {
            tasks = tasks.Where(t => t.DueOn >= from);
        }

        if (f.DueTo is { } to)
        {
            tasks = tasks.Where(t => t.DueOn <= to);
        }

        return f.Timing switch
        {
            TaskTiming.Overdue => tasks.Where(t => t.Status == FollowUpStatus.Open && t.DueOn < today),
            TaskTiming.DueToday => tasks.Where(t => t.Status == FollowUpStatus.Open && t.DueOn == today),
            TaskTiming.Planned => tasks.Where(t => t.Status == FollowUpStatus.Open && t.DueOn > today),
            _ => tasks,
        };
    }
}
