using CustomerRetention.Domain.Segmentation;
using FluentValidation;

namespace CustomerRetention.Application.Segmentation.ReplaceSegmentMap;

public sealed class ReplaceSegmentMapValidator : AbstractValidator<ReplaceSegmentMapCommand>
{
    public ReplaceSegmentMapValidator()
    {
        RuleFor(x => x.Cells).NotNull().OverridePropertyName("cells");
        RuleForEach(x => x.Cells).NotNull().OverridePropertyName("cells");
        RuleFor(x => x.Cells)
            .Must(cells => RfmScoring.ValidateMap(cells!.Select(c => new SegmentCell(c!.R, c.F, c.Segment)).ToList()) is null)
            .WithMessage(x => RfmScoring.ValidateMap(x.Cells!.Select(c => new SegmentCell(c!.R, c.F, c.Segment)).ToList())!)
            .When(x => x.Cells is not null && x.Cells.All(c => c is not null))
            .OverridePropertyName("cells");
    }
}
