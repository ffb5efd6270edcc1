using AutoMapper;
using CustomerRetention.Application.BuildingBlocks.Exceptions;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Application.BuildingBlocks.Paging;
using CustomerRetention.Application.Webhooks.Contracts;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CustomerRetention.Application.Webhooks.ListWebhookDeliveries;

/// <summary>A subscription's deliveries, newest first, each with its attempts.</summary>
public sealed record ListWebhookDeliveriesQuery(Guid WebhookId, int? Limit, string? Cursor) : IQuery<Page<WebhookDeliveryDto>>;

public sealed class ListWebhookDeliveriesHandler(IApplicationDbContext db, IMapper mapper, ICursorCodec cursors)
    : IQueryHandler<ListWebhookDeliveriesQuery, Page<WebhookDeliveryDto>>
{
    public async ValueTask<Page<WebhookDeliveryDto>> Handle(ListWebhookDeliveriesQuery query, CancellationToken cancellationToken)
    {
        if (!await db.Webhooks.AnyAsync(w => w.Id == query.WebhookId, cancellationToken))
        {
            throw new NotFoundException("Webhook", query.WebhookId);
        }

        var scope = $"webhook-deliveries:{query.WebhookId}";
        var limit = query.Limit ?? PageLimits.Default;
        var rows = await db.WebhookDeliveries.AsNoTracking()
            .Where(d => d.WebhookId == query.WebhookId)
            .NewestFirst(d => d.CreatedAt, d => d.Id, cursors.DecodeOrThrow(query.Cursor, scope), limit)
            .ToListAsync(cancellationToken);
        return Keyset.Page(rows, limit, mapper.Map<WebhookDeliveryDto>, d => cursors.Encode(new TimeCursor(scope, d.CreatedAt, d.Id)));
    }
}
