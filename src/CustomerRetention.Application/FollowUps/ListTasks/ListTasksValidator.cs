using CustomerRetention.Application.BuildingBlocks.Paging;
using FluentValidation;

namespace CustomerRetention.Application.FollowUps.ListTasks;

public sealed class ListTasksValidator : AbstractValidator<ListTasksQuery>
{
    public ListTasksValidator()
    {
        Include(new PageRequestValidator<ListTasksQuery>(x => x.Limit, x => x.Cursor));
        RuleFor(x => x.Filter.DueTo).Must((q, to) => q.Filter.DueFrom is null || to is null || q.Filter.DueFrom <= to)
            .WithMessage("'dueFrom' must not be after 'dueTo'.").OverridePropertyName("dueTo");
        RuleFor(x => x.Filter.OwnerId).NotEqual(Guid.Empty).OverridePropertyName("ownerId");
    }
}
