using CustomerRetention.Application.BuildingBlocks.Paging;
using FluentValidation;

namespace CustomerRetention.Application.Access.ListApiKeys;

public sealed class ListApiKeysValidator : AbstractValidator<ListApiKeysQuery>
{
    public ListApiKeysValidator() => Include(new PageRequestValidator<ListApiKeysQuery>(x => x.Limit, x => x.Cursor));
}
