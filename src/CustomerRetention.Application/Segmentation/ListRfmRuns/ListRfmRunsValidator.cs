using CustomerRetention.Application.BuildingBlocks.Paging;
using FluentValidation;

namespace CustomerRetention.Application.Segmentation.ListRfmRuns;

public sealed class ListRfmRunsValidator : AbstractValidator<ListRfmRunsQuery>
{
    public ListRfmRunsValidator() => Include(new PageRequestValidator<ListRfmRunsQuery>(x => x.Limit, x => x.Cursor));
}
