using AutoMapper;
using CustomerRetention.Application.Alerts.Contracts;
using CustomerRetention.Application.BuildingBlocks.Exceptions;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CustomerRetention.Application.Alerts.GetAlertEvaluation;

/// <summary>One evaluation with its status and, once succeeded, its figures.</summary>
public sealed record GetAlertEvaluationQuery(Guid Id) : IQuery<AlertEvaluationDto>;

public sealed class GetAlertEvaluationHandler(IApplicationDbContext db, IMapper mapper) : IQueryHandler<GetAlertEvaluationQuery, AlertEvaluationDto>
{
    public async ValueTask<AlertEvaluationDto> Handle(GetAlertEvaluationQuery query, CancellationToken cancellationToken)
    {
        var evaluation = await db.AlertEvaluations.AsNoTracking().FirstOrDefaultAsync(e => e.Id == query.Id, cancellationToken)
            ?? throw new NotFoundException("Alert evaluation", query.Id);
        return mapper.Map<AlertEvaluationDto>(evaluation);
    }
}
