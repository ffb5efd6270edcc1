using AutoMapper;
using CustomerRetention.Application.Alerts.Contracts;
using CustomerRetention.Application.BuildingBlocks.Exceptions;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CustomerRetention.Application.Alerts.GetAlertRule;

/// <summary>One live alert rule.</summary>
public sealed record GetAlertRuleQuery(Guid Id) : IQuery<AlertRuleDto>;

public sealed class GetAlertRuleHandler(IApplicationDbContext db, IMapper mapper) : IQueryHandler<GetAlertRuleQuery, AlertRuleDto>
{
    public async ValueTask<AlertRuleDto> Handle(GetAlertRuleQuery query, CancellationToken cancellationToken)
    {
        var rule = await db.AlertRules.AsNoTracking().FirstOrDefaultAsync(r => r.Id == query.Id && r.DeletedAt == null, cancellationToken)
            ?? throw new NotFoundException("Alert rule", query.Id);
        return mapper.Map<AlertRuleDto>(rule);
    }
}
