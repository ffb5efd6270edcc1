using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Application.BuildingBlocks.Security;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CustomerRetention.Application.Imports.ExportImportErrors;

/// <summary>Every refused row of an import, in file order, streamed (for the CSV download).</summary>
public sealed record ExportImportErrorsQuery(Guid Id) : IQuery<IAsyncEnumerable<ImportRowErrorDto>>;

public sealed class ExportImportErrorsHandler(IApplicationDbContext db, IOwnerScope scope) : IQueryHandler<ExportImportErrorsQuery, IAsyncEnumerable<ImportRowErrorDto>>
{
    public async ValueTask<IAsyncEnumerable<ImportRowErrorDto>> Handle(ExportImportErrorsQuery query, CancellationToken cancellationToken)
    {
        await ImportLookup.FindAsync(db, scope, query.Id, cancellationToken);
        return db.ImportErrors.AsNoTracking().Where(e => e.ImportId == query.Id)
            .OrderBy(e => e.Row).ThenBy(e => e.Seq)
            .Select(e => new ImportRowErrorDto(e.Row, e.Field, e.Message))
            .AsAsyncEnumerable();
    }
}
