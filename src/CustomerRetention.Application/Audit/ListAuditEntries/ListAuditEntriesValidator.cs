using CustomerRetention.Application.BuildingBlocks.Events;
using CustomerRetention.Application.BuildingBlocks.Paging;
using FluentValidation;

namespace CustomerRetention.Application.Audit.ListAuditEntries;

public sealed class ListAuditEntriesValidator : AbstractValidator<ListAuditEntriesQuery>
{
    /// <summary>The longest actor the event log stores (its <c>actor</c> column).</summary>
    public const int ActorMaxLength = 200;

    /// <summary>Longer than any event type or family; a longer value cannot name one.</summary>
    public const int ActionMaxLength = 100;

    public ListAuditEntriesValidator()
    {
        Include(new PageRequestValidator<ListAuditEntriesQuery>(x => x.Limit, x => x.Cursor));
        RuleFor(x => x.Actor).Length(1, ActorMaxLength)
            .WithMessage($"'actor' is the actor exactly as recorded (for example user:<id> or api-key:<id>), 1–{ActorMaxLength} characters.")
            .OverridePropertyName("actor");
        RuleFor(x => x.Action).Cascade(CascadeMode.Stop)
            .Length(1, ActionMaxLength)
            .WithMessage($"'action' must be an event type or a family, 1–{ActionMaxLength} characters.")
            .Must(a => a is null || EventTypes.Expand(a) is not null)
            .WithMessage(a => $"'action' is an event type or a family (for example customer.* or order.created); not known: {a.Action}. Known types: {string.Join(", ", EventTypes.All)}.")
            .OverridePropertyName("action");
        RuleFor(x => x.To).Must((q, to) => q.From is null || to is null || q.From < to)
            .WithMessage("'from' must be before 'to'.")
            .OverridePropertyName("to");
    }
}
