using CustomerRetention.Application.BuildingBlocks.Paging;
using FluentValidation;

namespace CustomerRetention.Application.ServiceLevels.ListBusinessCalendars;

public sealed class ListBusinessCalendarsValidator : AbstractValidator<ListBusinessCalendarsQuery>
{
    public ListBusinessCalendarsValidator() => Include(new PageRequestValidator<ListBusinessCalendarsQuery>(x => x.Limit, x => x.Cursor));
}
