using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Application.BuildingBlocks.Security;
using CustomerRetention.Application.BuildingBlocks.Paging;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CustomerRetention.Application.Imports.ListImportErrors;

/// <summary>An import's refused rows, in file order, keyset-paginated.</summary>
public sealed record ListImportErrorsQuery(Guid Id, int? Limit, string? Cursor) : IQuery<Page<ImportRowErrorDto>>;

/// <summary>A position in an import's errors (row, then the error's number within the row).</summary>
public sealed record ImportErrorCursor(string Scope, long Row, int Seq)
{
    public const string ErrorsScope = "import-errors";
}

public sealed class ListImportErrorsHandler(IApplicationDbContext db, IOwnerScope scope, ICursorCodec cursors) : IQueryHandler<ListImportErrorsQuery, Page<ImportRowErrorDto>>
{
    public async ValueTask<Page<ImportRowErrorDto>> Handle(ListImportErrorsQuery query, CancellationToken cancellationToken)
    {
        var after = Decode(query.Cursor);
        await ImportLookup.FindAsync(db, scope, query.Id, cancellationToken);
        var limit = query.Limit ?? PageLimits.Default;
        var errors = db.ImportErrors.AsNoTracking().Where(e => e.ImportId == query.Id);
        if (after is { } a)
        {
            errors = errors.Where(e => e.Row > a.Row || (e.Row == a.Row && e.Seq > a.Seq));
        }

        var rows = await errors.OrderBy(e => e.Row).ThenBy(e => e.Seq).Take(limit + 1).ToListAsync(cancellationToken);
        return Keyset.Page(
            rows, limit, e => new ImportRowErrorDto(e.Row, e.Field, e.Message), e => cursors.Encode(new ImportErrorCursor(ImportErrorCursor.ErrorsScope, e.Row, e.Seq)));
    }

    private ImportErrorCursor? Decode(string? cursor)
    {
        if (cursor is null)
        {
            return null;
        }

        if (!cursors.TryDecode<ImportErrorCursor>(cursor, out var position) || position is null || position.Scope != ImportErrorCursor.ErrorsScope)
        {
            throw Keyset.InvalidCursor();
        }

        return position;
    }
}
