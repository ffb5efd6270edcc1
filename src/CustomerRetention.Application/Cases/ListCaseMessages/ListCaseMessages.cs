using AutoMapper;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Application.BuildingBlocks.Paging;
using CustomerRetention.Application.Cases.Contracts;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CustomerRetention.Application.Cases.ListCaseMessages;

/// <summary>A case's messages in the order they were sent (oldest first, then id), keyset-paginated; internal notes included.</summary>
public sealed record ListCaseMessagesQuery(Guid CaseId, int? Limit, string? Cursor) : IQuery<Page<CaseMessageDto>>;

public sealed class ListCaseMessagesHandler(IApplicationDbContext db, IMapper mapper, ICursorCodec cursors) : IQueryHandler<ListCaseMessagesQuery, Page<CaseMessageDto>>
{
    public async ValueTask<Page<CaseMessageDto>> Handle(ListCaseMessagesQuery query, CancellationToken cancellationToken)
    {
        await CaseLookup.FindAsync(db, query.CaseId, null, cancellationToken);
        var scope = $"case-messages:{query.CaseId}";
        var after = cursors.DecodeOrThrow(query.Cursor, scope);
        var messages = db.CaseMessages.AsNoTracking().Where(m => m.CaseId == query.CaseId);
        if (after is not null)
        {
            var (at, id) = (after.At, after.Id);
            messages = messages.Where(m => m.SentAt > at || (m.SentAt == at && m.Id.CompareTo(id) > 0));
        }

        var limit = query.Limit ?? PageLimits.Default;
        var rows = await messages.OrderBy(m => m.SentAt).ThenBy(m => m.Id).Take(limit + 1).ToListAsync(cancellationToken);
        return Keyset.Page(rows, limit, mapper.Map<CaseMessageDto>, m => cursors.Encode(new TimeCursor(scope, m.SentAt, m.Id)));
    }
}

public sealed class ListCaseMessagesValidator : AbstractValidator<ListCaseMessagesQuery>
{
    public ListCaseMessagesValidator() => Include(new PageRequestValidator<ListCaseMessagesQuery>(x => x.Limit, x => x.Cursor));
}
