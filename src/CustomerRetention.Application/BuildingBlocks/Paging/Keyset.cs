using System.Linq.Expressions;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using FluentValidation;
using FluentValidation.Results;

namespace CustomerRetention.Application.BuildingBlocks.Paging;

/// <summary>
/// A position in a list ordered by a timestamp and then id, both descending (newest first).
/// <see cref="Scope"/> binds the cursor to one list and its filters.
/// </summary>
public sealed record TimeCursor(string Scope, DateTimeOffset At, Guid Id);

public static class Keyset
{
    public const string CursorMember = "cursor";

    /// <summary>
    /// Decodes a cursor that must belong to <paramref name="scope"/>; null when no cursor was sent.
    /// A malformed, altered or foreign cursor is a validation error on <c>cursor</c>.
    /// </summary>
    public static TimeCursor? DecodeOrThrow(this ICursorCodec cursors, string? cursor, string scope)
    {
        ArgumentNullException.ThrowIfNull(cursors);
        if (cursor is null)
        {
            return null;
        }

        if (!cursors.TryDecode<TimeCursor>(cursor, out var position) || position is null || position.Scope != scope)
        {
            throw InvalidCursor();
        }

        return position;
    }

    public static ValidationException InvalidCursor() => new(
    [
        new ValidationFailure(CursorMember, "The cursor is malformed, was altered, or belongs to a different list, sort or filter. Use the nextCursor of a previous page unchanged."),
    ]);

    /// <summary>
    /// Orders <paramref name="source"/> newest first by (<paramref name="at"/>, <paramref name="id"/>)
    /// and keeps the rows after <paramref name="after"/> (or all of them without a cursor), up to
    /// <paramref name="limit"/> + 1.
    /// </summary>
    public static IQueryable<T> NewestFirst<T>(
        this IQueryable<T> source,
        Expression<Func<T, DateTimeOffset>> at,
        Expression<Func<T, Guid>> id,
        TimeCursor? after,
        int limit)
    {
        if (after is not null)
        {
            source = source.Where(Before(at, id, after.At, after.Id));
        }

        return source.OrderByDescending(at).ThenByDescending(id).Take(limit + 1);
    }

    /// <summary>
    /// Rows that come after the position (<paramref name="cursorAt"/>, <paramref name="cursorId"/>)
    /// in newest-first order. Without an id, rows at exactly <paramref name="cursorAt"/> are
    /// included when <paramref name="inclusive"/>, excluded otherwise.
    /// </summary>
    public static Expression<Func<T, bool>> Before<T>(
        Expression<Func<T, DateTimeOffset>> at,
        Expression<Func<T, Guid>> id,
        DateTimeOffset cursorAt,
        Guid? cursorId,
        bool inclusive = false)
    {
        ArgumentNullException.ThrowIfNull(at);
        ArgumentNullException.ThrowIfNull(id);
        var row = at.Parameters[0];
        var when = Expression.Constant(cursorAt);
        Expression body = inclusive && cursorId is null ? Expression.LessThanOrEqual(at.Body, when) : Expression.LessThan(at.Body, when);
        if (cursorId is { } cursor)
        {
            // at < cursorAt OR (at = cursorAt AND id < cursorId); Guid ordering is translated to uuid ordering.
            var idBody = new ParameterRewriter(id.Parameters[0], row).Visit(id.Body);
            var compare = Expression.Call(idBody, typeof(Guid).GetMethod(nameof(Guid.CompareTo), [typeof(Guid)])!, Expression.Constant(cursor));
            body = Expression.OrElse(body, Expression.AndAlso(Expression.Equal(at.Body, when), Expression.LessThan(compare, Expression.Constant(0))));
        }

        return Expression.Lambda<Func<T, bool>>(body, row);
    }

    /// <summary>Makes a page from up to <paramref name="limit"/> + 1 rows: the extra row only says there is more.</summary>
    public static Page<TDto> Page<TRow, TDto>(IReadOnlyList<TRow> rows, int limit, Func<TRow, TDto> map, Func<TRow, string> cursorOf)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(map);
        ArgumentNullException.ThrowIfNull(cursorOf);
        var items = rows.Take(limit).Select(map).ToList();
        return new Page<TDto>(items, rows.Count > limit ? cursorOf(rows[limit - 1]) : null);
    }
}

internal sealed class ParameterRewriter(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
{
    protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
}

/// <summary>The shared rules of a page request: <c>limit</c> 1–200 and a non-empty cursor.</summary>
public sealed class PageRequestValidator<T> : AbstractValidator<T>
{
    public PageRequestValidator(Expression<Func<T, int?>> limit, Expression<Func<T, string?>> cursor)
    {
        RuleFor(limit).InclusiveBetween(1, PageLimits.Max)
            .WithMessage($"'limit' must be between 1 and {PageLimits.Max}.")
            .OverridePropertyName("limit");
        RuleFor(cursor).Must(c => c is null || c.Length is > 0 and <= PageLimits.CursorMaxLength)
            .WithMessage("'cursor' must be the nextCursor of a previous page.")
            .OverridePropertyName(Keyset.CursorMember);
    }
}
