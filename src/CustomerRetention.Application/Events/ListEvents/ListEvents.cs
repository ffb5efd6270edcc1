using System.Text.Json;
using CustomerRetention.Application.BuildingBlocks.Events;
using CustomerRetention.Application.Events.Contracts;
using CustomerRetention.Application.BuildingBlocks.Exceptions;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Application.BuildingBlocks.Json;
using CustomerRetention.Domain.BuildingBlocks.Events;
using FluentValidation;
using FluentValidation.Results;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CustomerRetention.Application.Events.ListEvents;

/// <summary>
/// The change feed: events after a position, oldest first, optionally only some types
/// (<c>customer.*</c> for a family) or one customer's.
/// </summary>
public sealed record ListEventsQuery(string? After, string? Types, Guid? CustomerId, int? Limit) : IQuery<EventFeedPage>;

/// <summary>A position in the event log, signed into the feed's cursors.</summary>
public sealed record EventCursor(string Scope, long Position)
{
    public const string FeedScope = "events";
}

public sealed class ListEventsHandler(IApplicationDbContext db, ICursorCodec cursors) : IQueryHandler<ListEventsQuery, EventFeedPage>
{
    public const string ExpiredCode = "events-expired";

    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    public async ValueTask<EventFeedPage> Handle(ListEventsQuery query, CancellationToken cancellationToken)
    {
        var after = Decode(query.After);
        if (after > 0 && after < await db.EventLogHorizon.Select(h => h.PurgedThrough).SingleAsync(cancellationToken))
        {
            throw new GoneException(
                ExpiredCode,
                "Events after this position were removed by retention before they were read: the cursor expired. "
                + "Start again without 'after' (from the oldest retained event) and reconcile what you may have missed.");
        }

        // The head first, in its own statement: every position up to it is committed (positions are
        // drawn in commit order), so the page below can neither skip an event nor see one twice.
        var head = await db.Events.MaxAsync(e => (long?)e.Position, cancellationToken) ?? 0;
        var events = db.Events.AsNoTracking().Where(e => e.Position > after && e.Position <= head);
        if (ListEventsValidator.ExpandTypes(query.Types) is { } types)
        {
            events = events.Where(e => types.Contains(e.Type));
        }

        if (query.CustomerId is { } customerId)
        {
            events = events.Where(e => e.CustomerId == customerId);
        }

        var limit = query.Limit ?? DefaultLimit;
        var rows = await events.OrderBy(e => e.Position).Take(limit + 1).ToListAsync(cancellationToken);
        var page = rows.Take(limit).ToList();
        var next = rows.Count > limit ? page[^1].Position : Math.Max(after, head);
        return new EventFeedPage(page.Select(EventPayload.ToDto).ToList(), cursors.Encode(new EventCursor(EventCursor.FeedScope, next)));
    }

    private long Decode(string? after)
    {
        if (after is null)
        {
            return 0;
        }

        if (!cursors.TryDecode<EventCursor>(after, out var cursor) || cursor is null || cursor.Scope != EventCursor.FeedScope || cursor.Position < 0)
        {
            throw new ValidationException(
            [
                new ValidationFailure("after", "'after' is malformed or was altered: pass the nextCursor of a previous page of this feed unchanged."),
            ]);
        }

        return cursor.Position;
    }
}
