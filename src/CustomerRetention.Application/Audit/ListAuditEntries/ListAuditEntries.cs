using CustomerRetention.Application.BuildingBlocks.Events;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Application.BuildingBlocks.Json;
using CustomerRetention.Application.BuildingBlocks.Paging;
using CustomerRetention.Domain.BuildingBlocks.Events;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CustomerRetention.Application.Audit.ListAuditEntries;

/// <summary>
/// The audit log: every change recorded in the event log, newest first, filtered by resource,
/// customer, actor, action (an event type or a family <c>customer.*</c>) and the half-open
/// time range [from, to) of when the change happened.
/// </summary>
public sealed record ListAuditEntriesQuery(
    AuditResourceType? ResourceType,
    Guid? ResourceId,
    Guid? CustomerId,
    string? Actor,
    string? Action,
    DateTimeOffset? From,
    DateTimeOffset? To,
    int? Limit,
    string? Cursor) : IQuery<Page<AuditEntryDto>>;

/// <summary>
/// A position in the audit log: the event's position in the log, bound to the filters by
/// <see cref="Scope"/>. The log's position (commit order) rather than the time of the change is
/// the key because it is unique and only grows: events appended while a reader pages all sort
/// before its cursor, so later pages neither repeat nor skip an entry.
/// </summary>
public sealed record AuditCursor(string Scope, long Position);

public sealed class ListAuditEntriesHandler(IApplicationDbContext db, ICursorCodec cursors)
    : IQueryHandler<ListAuditEntriesQuery, Page<AuditEntryDto>>
{
    public async ValueTask<Page<AuditEntryDto>> Handle(ListAuditEntriesQuery query, CancellationToken cancellationToken)
    {
        var scope = Scope(query);
        var events = Filtered(db.Events.AsNoTracking(), query);
        if (Decode(query.Cursor, scope) is { } after)
        {
            events = events.Where(e => e.Position < after);
        }

        var limit = query.Limit ?? PageLimits.Default;
        var rows = await events.OrderByDescending(e => e.Position).Take(limit + 1).ToListAsync(cancellationToken);
        return Keyset.Page(rows, limit, ToDto, r => cursors.Encode(new AuditCursor(scope, r.Position)));
    }

    private static IQueryable<LoggedEvent> Filtered(IQueryable<LoggedEvent> events, ListAuditEntriesQuery query)
    {
        if (query.ResourceType is { } resourceType)
        {
            var type = ApiJson.EnumValue(resourceType);
            events = events.Where(e => e.ResourceType == type);
        }

        if (query.ResourceId is { } resourceId)
        {
            events = events.Where(e => e.ResourceId == resourceId);
        }

        if (query.CustomerId is { } customerId)
        {
            events = events.Where(e => e.CustomerId == customerId);
        }

        if (query.Actor is { } actor)
        {
            events = events.Where(e => e.Actor == actor);
        }

        if (query.Action is { } action)
        {
            var types = EventTypes.Expand(action) ?? [];
            events = events.Where(e => types.Contains(e.Type));
        }

        if (query.From is { } from)
        {
            events = events.Where(e => e.OccurredAt >= from.ToUniversalTime());
        }

        if (query.To is { } to)
        {
            events = events.Where(e => e.OccurredAt < to.ToUniversalTime());
        }

        return events;
    }

    /// <summary>
    /// The filters a cursor belongs to; a cursor of other filters is refused. The actor comes last:
    /// it is the only part that may contain the separator, so no two filter sets give one scope.
    /// </summary>
    private static string Scope(ListAuditEntriesQuery q) =>
        $"audit:{q.ResourceType}:{q.ResourceId}:{q.CustomerId}:{q.From?.UtcTicks}:{q.To?.UtcTicks}:{q.Action}:{q.Actor}";

    private long? Decode(string? cursor, string scope)
    {
        if (cursor is null)
        {
            return null;
        }

        if (!cursors.TryDecode<AuditCursor>(cursor, out var position) || position is null || position.Scope != scope)
        {
            throw Keyset.InvalidCursor();
        }

        return position.Position;
    }

    private static AuditEntryDto ToDto(LoggedEvent e) => new()
    {
        Id = e.Id,
        OccurredAt = e.OccurredAt,
        Actor = e.Actor,
        Action = e.Type,
        Resource = new AuditResourceDto(e.ResourceType, e.ResourceId),
        CustomerId = e.CustomerId,
        Changes = AuditChanges.Of(e.Type, e.Data),
    };
}
