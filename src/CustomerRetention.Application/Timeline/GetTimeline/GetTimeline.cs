using System.Globalization;
using System.Linq.Expressions;
using AutoMapper;
using CustomerRetention.Application.Alerts.Contracts;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Application.BuildingBlocks.Json;
using CustomerRetention.Application.BuildingBlocks.Paging;
using CustomerRetention.Application.Cases.Contracts;
using CustomerRetention.Application.Customers.Contracts;
using CustomerRetention.Application.FollowUps;
using CustomerRetention.Application.FollowUps.Contracts;
using CustomerRetention.Application.Interactions.Contracts;
using CustomerRetention.Application.Lifecycle.Contracts;
using CustomerRetention.Application.Orders.Contracts;
using CustomerRetention.Domain.FollowUps;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CustomerRetention.Application.Timeline.GetTimeline;

/// <summary>
/// Interactions, orders, stage changes, cases, alerts and tasks of one customer in one stream (SPEC §6, §9),
/// newest first. A task appears when it was created and again when it was completed (both kind
/// <c>task</c>, each with the task's current state); an alert at its first detection; a case when
/// it was opened (with its current state). Ties on <c>occurredAt</c> are ordered by kind (case,
/// alert, stage change, order, interaction, task completion, task) and then by id, all descending,
/// so the order is total and one cursor pages through all kinds.
/// </summary>
public sealed record GetTimelineQuery(Guid CustomerId, int? Limit, string? Cursor) : IQuery<Page<TimelineItemDto>>;

internal sealed record TimelineCursor(string Scope, DateTimeOffset At, int Rank, Guid Id);

public sealed class GetTimelineHandler(IApplicationDbContext db, IMapper mapper, ICursorCodec cursors, TaskViews tasks)
    : IQueryHandler<GetTimelineQuery, Page<TimelineItemDto>>
{
    public async ValueTask<Page<TimelineItemDto>> Handle(GetTimelineQuery query, CancellationToken cancellationToken)
    {
        await db.EnsureLiveAsync(query.CustomerId, cancellationToken);

        var scope = $"timeline:{query.CustomerId}";
        TimelineCursor? after = null;
        if (query.Cursor is not null && (!cursors.TryDecode(query.Cursor, out after) || after is null || after.Scope != scope))
        {
            throw Keyset.InvalidCursor();
        }

        var limit = query.Limit ?? PageLimits.Default;
        var id = query.CustomerId;

        // Each source is read in the timeline's order, up to one page past the cursor; the merge
        // of the three short lists then gives the page.
        var interactions = await Page(db.Interactions.AsNoTracking().Where(i => i.CustomerId == id && i.DeletedAt == null), i => i.OccurredAt, i => i.Id, TimelineKinds.Interaction, after, limit, cancellationToken);
        var orders = await Page(db.Orders.AsNoTracking().Where(o => o.CustomerId == id), o => o.OrderedAt, o => o.Id, TimelineKinds.Order, after, limit, cancellationToken);
        var changes = await Page(db.StageTransitions.AsNoTracking().Where(t => t.CustomerId == id), t => t.OccurredAt, t => t.Id, TimelineKinds.StageChange, after, limit, cancellationToken);
        var alerts = await Page(db.Alerts.AsNoTracking().Where(a => a.CustomerId == id), a => a.FirstDetectedAt, a => a.Id, TimelineKinds.Alert, after, limit, cancellationToken);
        var cases = await Page(db.Cases.AsNoTracking().Where(c => c.CustomerId == id), c => c.OpenedAt, c => c.Id, TimelineKinds.Case, after, limit, cancellationToken);
        var created = await Page(db.FollowUpTasks.AsNoTracking().Where(t => t.CustomerId == id), t => t.CreatedAt, t => t.Id, TimelineKinds.Task, after, limit, cancellationToken);
        var completed = await Page(
            db.FollowUpTasks.AsNoTracking().Where(t => t.CustomerId == id && t.Status == FollowUpStatus.Completed && t.CompletedAt != null),
            t => t.CompletedAt!.Value, t => t.Id, TimelineKinds.TaskCompletion, after, limit, cancellationToken);

        var merged = interactions.Select(i => Item(mapper.Map<InteractionDto>(i)))
            .Concat(orders.Select(o => Item(mapper.Map<OrderDto>(o))))
            .Concat(changes.Select(t => Item(mapper.Map<StageTransitionDto>(t))))
            .Concat(alerts.Select(a => Item(mapper.Map<AlertDto>(a))))
            .Concat(cases.Select(c => Item(mapper.Map<CaseDto>(c))))
            .Concat(created.Select(t => (Entry: Created(tasks.Of(t)), Rank: TimelineKinds.Rank(TimelineKinds.Task))))
            .Concat(completed.Select(t => (Entry: Completed(tasks.Of(t)), Rank: TimelineKinds.Rank(TimelineKinds.TaskCompletion))))
            .OrderByDescending(e => e.Entry.OccurredAt)
            .ThenByDescending(e => e.Rank)
            .ThenByDescending(e => e.Entry.Id)
            .Take(limit + 1)
            .ToList();
        return Keyset.Page(merged, limit, e => e.Entry, e => cursors.Encode(new TimelineCursor(scope, e.Entry.OccurredAt, e.Rank, e.Entry.Id)));
    }

    /// <summary>Up to limit + 1 rows of one source that come after the cursor in timeline order.</summary>
    private static Task<List<T>> Page<T>(
        IQueryable<T> source,
        Expression<Func<T, DateTimeOffset>> at,
        Expression<Func<T, Guid>> id,
        string kind,
        TimelineCursor? after,
        int limit,
        CancellationToken cancellationToken)
    {
        if (after is not null)
        {
            // At the cursor's instant, rows of a lower-ranked kind all come after it, rows of a
            // higher-ranked kind all came before it, and rows of the same kind compare by id.
            var rank = TimelineKinds.Rank(kind);
            var predicate = rank < after.Rank
                ? Keyset.Before(at, id, after.At, null, inclusive: true)
                : Keyset.Before(at, id, after.At, rank == after.Rank ? after.Id : null);
            source = source.Where(predicate);
        }

        return source.NewestFirst(at, id, null, limit).ToListAsync(cancellationToken);
    }

    private static (TimelineItemDto Entry, int Rank) Item(InteractionDto i) => Ranked(new(
        TimelineKinds.Interaction,
        i.OccurredAt,
        i.Id,
        $"{Cap(ApiJson.EnumValue(i.Direction))} {ApiJson.EnumValue(i.Channel)} {ApiJson.EnumValue(i.Type)}" + (i.Subject is null ? string.Empty : $": {i.Subject}"),
        i));

    private static (TimelineItemDto Entry, int Rank) Item(OrderDto o) => Ranked(new(
        TimelineKinds.Order,
        o.OrderedAt,
        o.Id,
        $"Order {o.ExternalId ?? o.Id.ToString()[..8]}: {o.Amount.ToString("0.00", CultureInfo.InvariantCulture)} {o.Currency} ({ApiJson.EnumValue(o.Status)})",
        o));

    private static (TimelineItemDto Entry, int Rank) Item(StageTransitionDto t) => Ranked(new(
        TimelineKinds.StageChange,
        t.OccurredAt,
        t.Id,
        (t.FromStage is { } from ? $"Stage {ApiJson.EnumValue(from)} → {ApiJson.EnumValue(t.ToStage)}" : $"Entered {ApiJson.EnumValue(t.ToStage)}")
            + (t.Reason is null ? string.Empty : $" ({t.Reason})"),
        t));

    private static (TimelineItemDto Entry, int Rank) Ranked(TimelineItemDto entry) => (entry, TimelineKinds.Rank(entry.Kind));

    private static TimelineItemDto Created(TaskDto t) => new(
        TimelineKinds.Task,
        t.CreatedAt,
        t.Id,
        $"Task ({ApiJson.EnumValue(t.Type)}, {ApiJson.EnumValue(t.Source)}): {t.Subject}, due {(t.DueDate is { } date ? date.ToString("yyyy'-'MM'-'dd", CultureInfo.InvariantCulture) : ApiJson.FormatTimestamp(t.DueAt!.Value))}",
        t);

    private static TimelineItemDto Completed(TaskDto t) => new(
        TimelineKinds.Task,
        t.CompletedAt!.Value,
        t.Id,
        $"Task completed ({ApiJson.EnumValue(t.Outcome!.Value)}): {t.Subject}",
        t);

    private static (TimelineItemDto Entry, int Rank) Item(AlertDto a) => Ranked(new(
        TimelineKinds.Alert,
        a.FirstDetectedAt,
        a.Id,
        $"{Cap(ApiJson.EnumValue(a.Severity))} alert ({ApiJson.EnumValue(a.Status)}): {a.Title}",
        a));

    private static (TimelineItemDto Entry, int Rank) Item(CaseDto c) => Ranked(new(
        TimelineKinds.Case,
        c.OpenedAt,
        c.Id,
        $"Case {c.Number} ({ApiJson.EnumValue(c.Category)}, {ApiJson.EnumValue(c.Priority)}, {ApiJson.EnumValue(c.Status)}): {c.Subject}",
        c));

    private static string Cap(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
