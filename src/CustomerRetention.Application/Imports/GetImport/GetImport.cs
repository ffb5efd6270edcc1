using AutoMapper;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Application.BuildingBlocks.Security;
using Mediator;

namespace CustomerRetention.Application.Imports.GetImport;

public sealed record GetImportQuery(Guid Id) : IQuery<ImportDto>;

public sealed class GetImportHandler(IApplicationDbContext db, IOwnerScope scope, IMapper mapper) : IQueryHandler<GetImportQuery, ImportDto>
{
    public async ValueTask<ImportDto> Handle(GetImportQuery query, CancellationToken cancellationToken) =>
        mapper.Map<ImportDto>(await ImportLookup.FindAsync(db, scope, query.Id, cancellationToken));
}
