using CustomerRetention.Application.BuildingBlocks.Paging;
using FluentValidation;

namespace CustomerRetention.Application.Webhooks.ListWebhooks;

public sealed class ListWebhooksValidator : AbstractValidator<ListWebhooksQuery>
{
    public ListWebhooksValidator() => Include(new PageRequestValidator<ListWebhooksQuery>(x => x.Limit, x => x.Cursor));
}
