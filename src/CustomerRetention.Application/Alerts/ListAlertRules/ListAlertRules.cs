using AutoMapper;
using CustomerRetention.Application.Alerts.Contracts;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Application.BuildingBlocks.Paging;
using CustomerRetention.Domain.Alerts;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CustomerRetention.Application.Alerts.ListAlertRules;

/// <summary>The live alert rules, newest first, filtered by kind and enabled.</summary>
public sealed record ListAlertRulesQuery(AlertKind? Kind, bool? Enabled, int? Limit, string? Cursor) : IQuery<Page<AlertRuleDto>>;

public sealed class ListAlertRulesHandler(IApplicationDbContext db, IMapper mapper, ICursorCodec cursors) : IQueryHandler<ListAlertRulesQuery, Page<AlertRuleDto>>
{
    public async ValueTask<Page<AlertRuleDto>> Handle(ListAlertRulesQuery query, CancellationToken cancellationToken)
    {
        var scope = $"alert-rules:{query.Kind}:{query.Enabled}";
        var rules = db.AlertRules.AsNoTracking().Where(r => r.DeletedAt == null);
        if (query.Kind is { } kind)
        {
            rules = rules.Where(r => r.Kind == kind);
        }

        if (query.Enabled is { } enabled)
        {
            rules = rules.Where(r => r.Enabled == enabled);
        }

        var limit = query.Limit ?? PageLimits.Default;
        var rows = await rules.NewestFirst(r => r.CreatedAt, r => r.Id, cursors.DecodeOrThrow(query.Cursor, scope), limit).ToListAsync(cancellationToken);
        return Keyset.Page(rows, limit, mapper.Map<AlertRuleDto>, r => cursors.Encode(new TimeCursor(scope, r.CreatedAt, r.Id)));
    }
}

public sealed class ListAlertRulesValidator : AbstractValidator<ListAlertRulesQuery>
{
    public ListAlertRulesValidator() => Include(new PageRequestValidator<ListAlertRulesQuery>(x => x.Limit, x => x.Cursor));
}
