using CustomerRetention.Application.BuildingBlocks.Paging;
using FluentValidation;

namespace CustomerRetention.Application.FollowUps.ListCadencePolicies;

public sealed class ListCadencePoliciesValidator : AbstractValidator<ListCadencePoliciesQuery>
{
    public ListCadencePoliciesValidator() => Include(new PageRequestValidator<ListCadencePoliciesQuery>(x => x.Limit, x => x.Cursor));
}
