using CustomerRetention.Application.BuildingBlocks.Paging;
using CustomerRetention.Domain.Segmentation;
using FluentValidation;

namespace CustomerRetention.Application.Segmentation.ListSegmentCustomers;

public sealed class ListSegmentCustomersValidator : AbstractValidator<ListSegmentCustomersQuery>
{
    public ListSegmentCustomersValidator()
    {
        Include(new PageRequestValidator<ListSegmentCustomersQuery>(x => x.Limit, x => x.Cursor));
        RuleFor(x => x.Segment).Must(RfmScoring.IsSegmentKey).WithMessage("A segment key is kebab-case, e.g. cant-lose-them.");
    }
}
