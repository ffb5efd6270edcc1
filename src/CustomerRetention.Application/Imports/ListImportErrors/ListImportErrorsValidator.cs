using CustomerRetention.Application.BuildingBlocks.Paging;
using FluentValidation;

namespace CustomerRetention.Application.Imports.ListImportErrors;

public sealed class ListImportErrorsValidator : AbstractValidator<ListImportErrorsQuery>
{
    public ListImportErrorsValidator()
    {
        RuleFor(x => x.Limit).InclusiveBetween(1, PageLimits.Max).When(x => x.Limit is not null);
        RuleFor(x => x.Cursor).MaximumLength(PageLimits.CursorMaxLength);
    }
}
