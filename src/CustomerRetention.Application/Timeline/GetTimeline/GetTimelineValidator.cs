using CustomerRetention.Application.BuildingBlocks.Paging;
using FluentValidation;

namespace CustomerRetention.Application.Timeline.GetTimeline;

public sealed class GetTimelineValidator : AbstractValidator<GetTimelineQuery>
{
    public GetTimelineValidator() => Include(new PageRequestValidator<GetTimelineQuery>(x => x.Limit, x => x.Cursor));
}
