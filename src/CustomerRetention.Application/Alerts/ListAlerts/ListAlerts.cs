using AutoMapper;
using CustomerRetention.Application.Alerts.Contracts;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Application.BuildingBlocks.Paging;
using CustomerRetention.Application.Customers.Contracts;
using CustomerRetention.Domain.Alerts;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CustomerRetention.Application.Alerts.ListAlerts;

/// <summary>Alerts, newest first, filtered by status, severity, rule, assignee and (on the customer route) customer.</summary>
public sealed record ListAlertsQuery(
    Guid? CustomerId,
    IReadOnlyList<AlertStatus>? Status,
    IReadOnlyList<AlertSeverity>? Severity,
    Guid? RuleId,
    Guid? AssigneeId,
    int? Limit,
    string? Cursor) : IQuery<Page<AlertDto>>;

public sealed class ListAlertsHandler(IApplicationDbContext db, IMapper mapper, ICursorCodec cursors) : IQueryHandler<ListAlertsQuery, Page<AlertDto>>
{
    public async ValueTask<Page<AlertDto>> Handle(ListAlertsQuery query, CancellationToken cancellationToken)
    {
        if (query.CustomerId is { } customer)
        {
            await db.EnsureLiveAsync(customer, cancellationToken);
        }

        var statuses = query.Status ?? [];
        var severities = query.Severity ?? [];
        var scope = $"alerts:{query.CustomerId}:{string.Join(',', statuses)}:{string.Join(',', severities)}:{query.RuleId}:{query.AssigneeId}";
        var alerts = db.Alerts.AsNoTracking();
        if (query.CustomerId is { } id)
        {
            alerts = alerts.Where(a => a.CustomerId == id);
        }

        if (statuses.Count > 0)
        {
            alerts = alerts.Where(a => statuses.Contains(a.Status));
        }

        if (severities.Count > 0)
        {
            alerts = alerts.Where(a => severities.Contains(a.Severity));
        }

        if (query.RuleId is { } rule)
        {
            alerts = alerts.Where(a => a.RuleId == rule);
        }

        if (query.AssigneeId is { } assignee)
        {
            alerts = alerts.Where(a => a.AssigneeId == assignee);
        }

        var limit = query.Limit ?? PageLimits.Default;
        var rows = await alerts.NewestFirst(a => a.CreatedAt, a => a.Id, cursors.DecodeOrThrow(query.Cursor, scope), limit).ToListAsync(cancellationToken);
        return Keyset.Page(rows, limit, a => mapper.Map<AlertDto>(a) with { History = null }, a => cursors.Encode(new TimeCursor(scope, a.CreatedAt, a.Id)));
    }
}

public sealed class ListAlertsValidator : AbstractValidator<ListAlertsQuery>
{
    public ListAlertsValidator() => Include(new PageRequestValidator<ListAlertsQuery>(x => x.Limit, x => x.Cursor));
}
