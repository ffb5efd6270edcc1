using System.Linq.Expressions;
using FluentValidation;

namespace CustomerRetention.Application.BuildingBlocks.Batches;

/// <summary>The rules that make a batch malformed as a whole (SPEC §10.2): none or too many items, or a key twice.</summary>
public static class BatchRules
{
    /// <summary>At most this many items in one batch.</summary>
    public const int MaxItems = 1000;

    public static void Apply<TCommand, TItem>(AbstractValidator<TCommand> validator, Expression<Func<TCommand, IReadOnlyList<BatchEntry<TItem>>>> items)
        where TItem : class
    {
        ArgumentNullException.ThrowIfNull(validator);
        validator.RuleFor(items)
            .NotEmpty().WithMessage("'items' must hold at least one item.")
            .Must(i => i.Count <= MaxItems).WithMessage($"A batch holds at most {MaxItems} items.")
            .OverridePropertyName("items");
        validator.RuleFor(items).Custom((entries, context) =>
        {
            var first = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var entry in entries.Where(e => e.Key is not null))
            {
                if (!first.TryAdd(entry.Key!, entry.Index))
                {
                    context.AddFailure(
                        entry.PathOf("externalId"),
                        $"externalId '{entry.Key}' is also the key of item {first[entry.Key!]}: a batch names each key once.");
                }
            }
        });
    }
}
