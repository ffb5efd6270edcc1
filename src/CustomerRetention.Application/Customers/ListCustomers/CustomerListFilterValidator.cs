using CustomerRetention.Application.Segmentation.Contracts;
using CustomerRetention.Domain.Customers;
using CustomerRetention.Domain.Lifecycle;
using FluentValidation;

namespace CustomerRetention.Application.Customers.ListCustomers;

/// <summary>The filter and sort parameters the customer list and its CSV export share.</summary>
public interface ICustomerListFilterQuery
{
    string? Q { get; }

    string? Stage { get; }

    string? Segment { get; }

    string? Tag { get; }

    string? Sort { get; }
}

/// <summary>The rules of the shared filter parameters, included by the list's and the export's validators so both refuse the same input.</summary>
public sealed class CustomerListFilterValidator : AbstractValidator<ICustomerListFilterQuery>
{
    private static readonly string[] Stages = Enum.GetNames<LifecycleStage>().Select(n => n.ToLowerInvariant()).ToArray();

    public CustomerListFilterValidator()
    {
        RuleFor(x => x.Sort).Must(s => s is null || CustomerSorts.All.Contains(s))
            .WithMessage($"'sort' must be one of: {string.Join(", ", CustomerSorts.All)}.");
        RuleFor(x => x.Stage).Must(s => s is null || Stages.Contains(s))
            .WithMessage($"'stage' must be one of: {string.Join(", ", Stages)}.");
        RuleFor(x => x.Segment).Must(s => s is null || RfmScores.IsSegmentKey(s))
            .WithMessage("'segment' is a kebab-case segment key such as champions or cant-lose-them.");
        RuleFor(x => x.Q).MaximumLength(CustomerLimits.NameMaxLength);
        RuleFor(x => x.Tag).MaximumLength(CustomerLimits.TagMaxLength);
    }
}
