using AutoMapper;
using CustomerRetention.Application.Alerts.Contracts;
using CustomerRetention.Application.BuildingBlocks.Exceptions;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CustomerRetention.Application.Alerts.GetAlert;

/// <summary>One alert with its history.</summary>
public sealed record GetAlertQuery(Guid Id) : IQuery<AlertDto>;

public sealed class GetAlertHandler(IApplicationDbContext db, IMapper mapper) : IQueryHandler<GetAlertQuery, AlertDto>
{
    public async ValueTask<AlertDto> Handle(GetAlertQuery query, CancellationToken cancellationToken)
    {
        var alert = await db.Alerts.AsNoTracking().Include(a => a.History).FirstOrDefaultAsync(a => a.Id == query.Id, cancellationToken)
            ?? throw new NotFoundException("Alert", query.Id);
        return mapper.Map<AlertDto>(alert);
    }
}
