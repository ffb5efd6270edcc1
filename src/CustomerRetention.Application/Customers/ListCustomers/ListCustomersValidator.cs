using CustomerRetention.Application.BuildingBlocks.Paging;
using CustomerRetention.Application.Segmentation.Contracts;
using CustomerRetention.Domain.Customers;
using CustomerRetention.Domain.Lifecycle;
using FluentValidation;

namespace CustomerRetention.Application.Customers.ListCustomers;

public sealed class ListCustomersValidator : AbstractValidator<ListCustomersQuery>
{
    private static readonly string[] Stages = Enum.GetNames<LifecycleStage>().Select(n => n.ToLowerInvariant()).ToArray();

    public ListCustomersValidator()
    {
        RuleFor(x => x.Limit).InclusiveBetween(1, PageLimits.Max).When(x => x.Limit is not null)
            .WithMessage($"'limit' must be between 1 and {PageLimits.Max}.");
        RuleFor(x => x.Sort).Must(s => s is null || CustomerSorts.All.Contains(s))
            .WithMessage($"'sort' must be one of: {string.Join(", ", CustomerSorts.All)}.");
        RuleFor(x => x.Stage).Must(s => s is null || Stages.Contains(s))
            .WithMessage($"'stage' must be one of: {string.Join(", ", Stages)}.");
        RuleFor(x => x.Segment).Must(s => s is null || RfmScores.IsSegmentKey(s))
            .WithMessage("'segment' is a kebab-case segment key such as champions or cant-lose-them.");
        RuleFor(x => x.Q).MaximumLength(CustomerLimits.NameMaxLength);
        RuleFor(x => x.Tag).MaximumLength(CustomerLimits.TagMaxLength);
        RuleFor(x => x.Cursor).MaximumLength(PageLimits.CursorMaxLength).Must(c => c is null || c.Length > 0).WithMessage("'cursor' must not be empty.");
    }
}
