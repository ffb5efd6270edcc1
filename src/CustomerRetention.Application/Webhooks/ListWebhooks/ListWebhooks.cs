using AutoMapper;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Application.BuildingBlocks.Paging;
using CustomerRetention.Application.Webhooks.Contracts;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CustomerRetention.Application.Webhooks.ListWebhooks;

/// <summary>Every subscription, newest first; never a secret.</summary>
public sealed record ListWebhooksQuery(int? Limit, string? Cursor) : IQuery<Page<WebhookDto>>;

public sealed class ListWebhooksHandler(IApplicationDbContext db, IMapper mapper, ICursorCodec cursors) : IQueryHandler<ListWebhooksQuery, Page<WebhookDto>>
{
    private const string Scope = "webhooks";

    public async ValueTask<Page<WebhookDto>> Handle(ListWebhooksQuery query, CancellationToken cancellationToken)
    {
        var limit = query.Limit ?? PageLimits.Default;
        var rows = await db.Webhooks.AsNoTracking()
            .NewestFirst(w => w.CreatedAt, w => w.Id, cursors.DecodeOrThrow(query.Cursor, Scope), limit)
            .ToListAsync(cancellationToken);
        return Keyset.Page(rows, limit, mapper.Map<WebhookDto>, w => cursors.Encode(new TimeCursor(Scope, w.CreatedAt, w.Id)));
    }
}
