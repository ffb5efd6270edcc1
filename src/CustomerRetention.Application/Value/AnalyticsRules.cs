using FluentValidation;

namespace CustomerRetention.Application.Value;

internal static class Ratios
{
    public static double? Percent(int part, int whole) => whole == 0 ? null : 100.0 * part / whole;

    public static double? Share(int part, int whole) => whole == 0 ? null : (double)part / whole;

    public static decimal? Average(decimal total, int count) => count == 0 ? null : decimal.Round(total / count, 2);
}

/// <summary>Required from/to with from &lt; to.</summary>
internal static class PeriodRules
{
    public static void AddPeriodRules<T>(this AbstractValidator<T> validator, Func<T, DateTimeOffset?> from, Func<T, DateTimeOffset?> to)
    {
        validator.RuleFor(x => from(x)).NotNull().WithMessage("Required: the start of the period (RFC 3339, inclusive).").OverridePropertyName("from");
        validator.RuleFor(x => to(x)).NotNull().WithMessage("Required: the end of the period (RFC 3339, exclusive).").OverridePropertyName("to");
        validator.RuleFor(x => to(x))
            .Must((x, end) => end > from(x))
            .When(x => from(x) is not null && to(x) is not null)
            .WithMessage("Must be after from: periods are half-open [from, to).")
            .OverridePropertyName("to");
    }
}
