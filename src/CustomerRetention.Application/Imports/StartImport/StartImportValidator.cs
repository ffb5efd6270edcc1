using CustomerRetention.Domain.Imports;
using FluentValidation;

namespace CustomerRetention.Application.Imports.StartImport;

public sealed class StartImportValidator : AbstractValidator<StartImportCommand>
{
    /// <summary>The kinds an import accepts in this version.</summary>
    public static readonly string[] Kinds = ["customers", "orders"];

    public StartImportValidator()
    {
        RuleFor(x => x.Kind)
            .NotEmpty().WithMessage("'kind' is required: customers or orders.")
            .Must(k => k is null || Kinds.Contains(k, StringComparer.Ordinal))
            .WithMessage($"'kind' must be one of: {string.Join(", ", Kinds)}.");
        RuleFor(x => x.Format).IsInEnum();
    }

    internal static ImportKind KindOf(string? kind) => kind switch
    {
        "customers" => ImportKind.Customers,
        "orders" => ImportKind.Orders,
        _ => throw new InvalidOperationException($"Validated kinds are known, not '{kind}'."),
    };
}
