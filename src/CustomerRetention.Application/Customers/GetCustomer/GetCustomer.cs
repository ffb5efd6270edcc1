using AutoMapper;
using CustomerRetention.Application.BuildingBlocks.Exceptions;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Application.Segmentation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CustomerRetention.Application.Customers.GetCustomer;

/// <summary>One live customer; archived customers are not found.</summary>
public sealed record GetCustomerQuery(Guid Id) : IQuery<CustomerDto>;

public sealed class GetCustomerHandler(IApplicationDbContext db, IMapper mapper) : IQueryHandler<GetCustomerQuery, CustomerDto>
{
    public async ValueTask<CustomerDto> Handle(GetCustomerQuery query, CancellationToken cancellationToken)
    {
        var customer = await db.Customers.AsNoTracking().FirstOrDefaultAsync(c => c.Id == query.Id, cancellationToken)
            ?? throw new NotFoundException("Customer", query.Id);
        return await db.WithRfmAsync(mapper.Map<CustomerDto>(customer), cancellationToken);
    }
}
