using AutoMapper;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Application.BuildingBlocks.Paging;
using CustomerRetention.Application.Cases.Contracts;
using CustomerRetention.Application.Customers.Contracts;
using CustomerRetention.Domain.Cases;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CustomerRetention.Application.Cases.ListCases;

/// <summary>The filters of a case list: any of the statuses, priorities and SLA roll-ups, an assignee, a category; <see cref="CustomerId"/> set: one customer's cases.</summary>
public sealed record CaseListFilter(
    Guid? CustomerId,
    IReadOnlyList<CaseStatus>? Status,
    IReadOnlyList<CasePriority>? Priority,
    Guid? AssigneeId,
    CaseCategory? Category,
    IReadOnlyList<SlaRollup>? SlaState = null);

/// <summary>Cases, most recently opened first, keyset-paginated; an agent sees its customers' cases and those assigned to it; archived customers' cases are left out.</summary>
public sealed record ListCasesQuery(CaseListFilter Filter, int? Limit, string? Cursor) : IQuery<Page<CaseDto>>;

public sealed class ListCasesHandler(IApplicationDbContext db, IMapper mapper, ICursorCodec cursors) : IQueryHandler<ListCasesQuery, Page<CaseDto>>
{
    public async ValueTask<Page<CaseDto>> Handle(ListCasesQuery query, CancellationToken cancellationToken)
    {
        var f = query.Filter;
        if (f.CustomerId is { } customer)
        {
            await db.EnsureLiveAsync(customer, cancellationToken);
        }

        var statuses = f.Status ?? [];
        var priorities = f.Priority ?? [];
        var slaStates = f.SlaState ?? [];
        var scope = $"cases:{f.CustomerId}:{string.Join(',', statuses)}:{string.Join(',', priorities)}:{f.AssigneeId}:{f.Category}:{string.Join(',', slaStates)}";
        var archived = db.ArchivedCustomerIds();
        var cases = db.Cases.AsNoTracking().Where(c => !archived.Contains(c.CustomerId));
        if (f.CustomerId is { } id)
        {
            cases = cases.Where(c => c.CustomerId == id);
        }

        if (statuses.Count > 0)
        {
            cases = cases.Where(c => statuses.Contains(c.Status));
        }

        if (priorities.Count > 0)
        {
            cases = cases.Where(c => priorities.Contains(c.Priority));
        }

        if (slaStates.Count > 0)
        {
            cases = cases.Where(c => c.SlaState != null && slaStates.Contains(c.SlaState.Value));
        }

        if (f.AssigneeId is { } assignee)
        {
            cases = cases.Where(c => c.AssigneeId == assignee);
        }

        if (f.Category is { } category)
        {
            cases = cases.Where(c => c.Category == category);
        }

        var limit = query.Limit ?? PageLimits.Default;
        var rows = await cases.NewestFirst(c => c.OpenedAt, c => c.Id, cursors.DecodeOrThrow(query.Cursor, scope), limit).ToListAsync(cancellationToken);
        return Keyset.Page(rows, limit, mapper.Map<CaseDto>, c => cursors.Encode(new TimeCursor(scope, c.OpenedAt, c.Id)));
    }
}

public sealed class ListCasesValidator : AbstractValidator<ListCasesQuery>
{
    public ListCasesValidator()
    {
        Include(new PageRequestValidator<ListCasesQuery>(x => x.Limit, x => x.Cursor));
        RuleFor(x => x.Filter.AssigneeId).NotEqual(Guid.Empty).OverridePropertyName("assigneeId");
    }
}
