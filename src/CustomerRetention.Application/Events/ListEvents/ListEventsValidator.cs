using CustomerRetention.Application.BuildingBlocks.Events;
using CustomerRetention.Application.BuildingBlocks.Paging;
using FluentValidation;

namespace CustomerRetention.Application.Events.ListEvents;

public sealed class ListEventsValidator : AbstractValidator<ListEventsQuery>
{
    public ListEventsValidator()
    {
        RuleFor(x => x.Limit).InclusiveBetween(1, ListEventsHandler.MaxLimit)
            .WithMessage($"'limit' must be between 1 and {ListEventsHandler.MaxLimit}.")
            .OverridePropertyName("limit");
        RuleFor(x => x.After).Must(a => a is null || a.Length is > 0 and <= PageLimits.CursorMaxLength)
            .WithMessage("'after' must be the nextCursor of a previous page of this feed.")
            .OverridePropertyName("after");
        RuleFor(x => x.Types).Custom((types, context) =>
        {
            if (types is null)
            {
                return;
            }

            var unknown = Patterns(types).Where(p => EventTypes.Expand(p) is null).ToList();
            if (unknown.Count > 0 || Patterns(types).Count == 0)
            {
                context.AddFailure(
                    "types",
                    $"'types' is a comma-separated list of event types or families (for example customer.*,order.created); not known: "
                    + $"{(unknown.Count == 0 ? "(empty)" : string.Join(", ", unknown))}. Known types: {string.Join(", ", EventTypes.All)}.");
            }
        });
    }

    /// <summary>The exact types a valid <c>types</c> filter stands for; null without a filter.</summary>
    internal static IReadOnlyList<string>? ExpandTypes(string? types) =>
        types is null ? null : Patterns(types).SelectMany(p => EventTypes.Expand(p) ?? []).Distinct(StringComparer.Ordinal).ToArray();

    private static List<string> Patterns(string types) =>
        types.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList();
}
