using CustomerRetention.Domain.Segmentation;
using FluentValidation;

namespace CustomerRetention.Application.Segmentation.StartRfmRun;

public sealed class StartRfmRunValidator : AbstractValidator<StartRfmRunCommand>
{
    public const int MaxWindowDays = 36_500;

    private static readonly DateTimeOffset EarliestAsOf = new(1900, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public StartRfmRunValidator(TimeProvider clock)
    {
        RuleFor(x => x.Request.AsOf).Must(a => a is null || (a <= clock.GetUtcNow() && a >= EarliestAsOf))
            .WithMessage("'asOf' must be between 1900-01-01T00:00:00Z and now.").OverridePropertyName("asOf");
        RuleFor(x => x.Request.WindowDays).InclusiveBetween(1, MaxWindowDays)
            .WithMessage($"'windowDays' must be a whole number of days from 1 to {MaxWindowDays}.").OverridePropertyName("windowDays");
        RuleFor(x => x.Request.Policy).IsInEnum().OverridePropertyName("policy");
        RuleFor(x => x.Request.Breakpoints).Null()
            .When(x => x.Request.Policy is null or RfmPolicy.Quantile)
            .WithMessage("'breakpoints' go with policy 'fixed' only; quantile runs compute them.")
            .OverridePropertyName("breakpoints");
        RuleFor(x => x.Request.Breakpoints).NotNull()
            .When(x => x.Request.Policy == RfmPolicy.Fixed)
            .WithMessage("Policy 'fixed' needs 'breakpoints' for recencyDays, frequency and monetary.")
            .OverridePropertyName("breakpoints");
        When(x => x.Request.Policy == RfmPolicy.Fixed && x.Request.Breakpoints is not null, () =>
        {
            const string Ascending = "Four finite numbers, each greater than the one before.";
            RuleFor(x => x.Request.Breakpoints!.RecencyDays).Must(RfmScoring.AreAscending).WithMessage(Ascending).OverridePropertyName("breakpoints.recencyDays");
            RuleFor(x => x.Request.Breakpoints!.Frequency).Must(RfmScoring.AreAscending).WithMessage(Ascending).OverridePropertyName("breakpoints.frequency");
            RuleFor(x => x.Request.Breakpoints!.Monetary).Must(RfmScoring.AreAscending).WithMessage(Ascending).OverridePropertyName("breakpoints.monetary");
        });
    }
}
