using FluentValidation;

namespace CustomerRetention.Application.Value.GetAnalyticsSummary;

public sealed class GetAnalyticsSummaryValidator : AbstractValidator<GetAnalyticsSummaryQuery>
{
    public GetAnalyticsSummaryValidator() => this.AddPeriodRules(x => x.From, x => x.To);
}
