using CustomerRetention.Domain.Lifecycle;
using FluentValidation;

namespace CustomerRetention.Application.Customers;

/// <summary>The stage a customer starts in, which a create (single or batch) may give.</summary>
public interface IInitialStage
{
    /// <summary>The initial lifecycle stage; default <c>awareness</c>.</summary>
    LifecycleStage? LifecycleStage { get; }

    /// <summary>When the customer entered the initial stage (for imports); default now, never in the future.</summary>
    DateTimeOffset? StageEnteredAt { get; }
}

/// <summary>The rules of an initial stage (SPEC §3).</summary>
public sealed class InitialStageValidator : AbstractValidator<IInitialStage>
{
    public InitialStageValidator(TimeProvider clock)
    {
        RuleFor(x => x.LifecycleStage).IsInEnum();
        RuleFor(x => x.StageEnteredAt)
            .Must(at => at is null || at <= clock.GetUtcNow())
            .WithMessage("'stageEnteredAt' must not be in the future.");
    }
}
