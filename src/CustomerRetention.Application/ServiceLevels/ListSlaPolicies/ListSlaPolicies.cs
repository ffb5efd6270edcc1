using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Application.BuildingBlocks.Paging;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CustomerRetention.Application.ServiceLevels.ListSlaPolicies;

/// <summary>The SLA policies in evaluation order: by position, then creation, then id, the default policy last.</summary>
public sealed record ListSlaPoliciesQuery(int? Limit, string? Cursor) : IQuery<Page<SlaPolicyDto>>;

/// <summary>A position in the evaluation order.</summary>
internal sealed record SlaPolicyCursor(string Scope, bool IsDefault, int Position, DateTimeOffset CreatedAt, Guid Id);

public sealed class ListSlaPoliciesHandler(IApplicationDbContext db, ICursorCodec cursors)
    : IQueryHandler<ListSlaPoliciesQuery, Page<SlaPolicyDto>>
{
    private const string Scope = "sla-policies";

    public async ValueTask<Page<SlaPolicyDto>> Handle(ListSlaPoliciesQuery query, CancellationToken cancellationToken)
    {
        var limit = query.Limit ?? PageLimits.Default;
        var source = db.SlaPolicies.AsNoTracking();
        if (query.Cursor is not null)
        {
            if (!cursors.TryDecode<SlaPolicyCursor>(query.Cursor, out var after) || after is null || after.Scope != Scope)
            {
                throw Keyset.InvalidCursor();
            }

            source = source.Where(p =>
                (p.IsDefault && !after.IsDefault)
                || (p.IsDefault == after.IsDefault
                    && (p.Position > after.Position
                        || (p.Position == after.Position
                            && (p.CreatedAt > after.CreatedAt || (p.CreatedAt == after.CreatedAt && p.Id.CompareTo(after.Id) > 0))))));
        }

        var rows = await source.OrderBy(p => p.IsDefault).ThenBy(p => p.Position).ThenBy(p => p.CreatedAt).ThenBy(p => p.Id)
            .Take(limit + 1).ToListAsync(cancellationToken);
        return Keyset.Page(rows, limit, SlaPolicyDto.Of, p => cursors.Encode(new SlaPolicyCursor(Scope, p.IsDefault, p.Position, p.CreatedAt, p.Id)));
    }
}
