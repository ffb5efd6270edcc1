using CustomerRetention.Application.BuildingBlocks.Paging;
using FluentValidation;

namespace CustomerRetention.Application.Value.ListClvModels;

public sealed class ListClvModelsValidator : AbstractValidator<ListClvModelsQuery>
{
    public ListClvModelsValidator() => Include(new PageRequestValidator<ListClvModelsQuery>(x => x.Limit, x => x.Cursor));
}
