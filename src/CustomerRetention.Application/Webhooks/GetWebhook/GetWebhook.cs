using AutoMapper;
using CustomerRetention.Application.BuildingBlocks.Exceptions;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Application.Webhooks.Contracts;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CustomerRetention.Application.Webhooks.GetWebhook;

/// <summary>One subscription, without its secret.</summary>
public sealed record GetWebhookQuery(Guid Id) : IQuery<WebhookDto>;

public sealed class GetWebhookHandler(IApplicationDbContext db, IMapper mapper) : IQueryHandler<GetWebhookQuery, WebhookDto>
{
    public async ValueTask<WebhookDto> Handle(GetWebhookQuery query, CancellationToken cancellationToken) =>
        mapper.Map<WebhookDto>(await db.Webhooks.AsNoTracking().FirstOrDefaultAsync(w => w.Id == query.Id, cancellationToken)
            ?? throw new NotFoundException("Webhook", query.Id));
}
