using CustomerRetention.Application.BuildingBlocks;
using CustomerRetention.Application.BuildingBlocks.Exceptions;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Application.BuildingBlocks.Paging;
using CustomerRetention.Domain.BuildingBlocks;
using CustomerRetention.Domain.BuildingBlocks.Jobs;
using CustomerRetention.Domain.Segmentation;
using CustomerRetention.Domain.Value;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CustomerRetention.Application.Value;

/// <summary>The body of a CLV model request.</summary>
public sealed record ClvModelRequest
{
    /// <summary>The last day (UTC) whose completed orders the model learns from; required, not in the future.</summary>
    public DateOnly? CalibrationEnd { get; init; }

    /// <summary>The prediction horizon H in days, 1–3650; default 365.</summary>
    public int? HorizonDays { get; init; }

    /// <summary>The discount rate per 30-day month, at least 0 and below 1; default 0.01.</summary>
    public double? MonthlyDiscountRate { get; init; }
}

/// <summary>Queue a CLV model fit; the background worker of one API instance fits it.</summary>
public sealed record StartClvModelCommand(ClvModelRequest Request) : ICommand<ClvModelDto>;

public sealed class StartClvModelValidator : AbstractValidator<StartClvModelCommand>
{
    private static readonly DateOnly EarliestCalibrationEnd = new(1900, 1, 1);

    public StartClvModelValidator(TimeProvider clock)
    {
        RuleFor(x => x.Request.CalibrationEnd).NotNull()
            .WithMessage("'calibrationEnd' is required: the last day (YYYY-MM-DD) whose orders the model learns from.")
            .OverridePropertyName("calibrationEnd");
        RuleFor(x => x.Request.CalibrationEnd)
            .Must(d => d >= EarliestCalibrationEnd && d <= DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime))
            .When(x => x.Request.CalibrationEnd is not null)
            .WithMessage("'calibrationEnd' must be a date between 1900-01-01 and today (UTC).")
            .OverridePropertyName("calibrationEnd");
        RuleFor(x => x.Request.HorizonDays).InclusiveBetween(1, ClvModel.MaxHorizonDays)
            .WithMessage($"'horizonDays' must be a whole number of days from 1 to {ClvModel.MaxHorizonDays}.")
            .OverridePropertyName("horizonDays");
        RuleFor(x => x.Request.MonthlyDiscountRate).Must(d => d is null || (d >= 0 && d < 1))
            .WithMessage("'monthlyDiscountRate' must be at least 0 and below 1 (e.g. 0.01 for 1 % a month).")
            .OverridePropertyName("monthlyDiscountRate");
    }
}

public sealed class StartClvModelHandler(IApplicationDbContext db, TimeProvider clock, IClvJobSignal signal)
    : ICommandHandler<StartClvModelCommand, ClvModelDto>
{
    public async ValueTask<ClvModelDto> Handle(StartClvModelCommand command, CancellationToken cancellationToken)
    {
        var request = command.Request;
        var model = ClvModel.Queue(
            request.CalibrationEnd!.Value,
            request.HorizonDays ?? ClvModel.DefaultHorizonDays,
            request.MonthlyDiscountRate ?? ClvModel.DefaultMonthlyDiscountRate,
            clock.UtcNowMicroseconds());
        db.ClvModels.Add(model);
        await db.SaveChangesAsync(cancellationToken);
        signal.Notify();
        return ClvModelDto.From(model);
    }
}

public sealed record GetClvModelQuery(Guid Id) : IQuery<ClvModelDto>;

public sealed class GetClvModelHandler(IApplicationDbContext db) : IQueryHandler<GetClvModelQuery, ClvModelDto>
{
    public async ValueTask<ClvModelDto> Handle(GetClvModelQuery query, CancellationToken cancellationToken) =>
        ClvModelDto.From(await db.ClvModels.AsNoTracking().FirstOrDefaultAsync(m => m.Id == query.Id, cancellationToken)
            ?? throw new NotFoundException("CLV model", query.Id));
}

/// <summary>CLV models, newest first.</summary>
public sealed record ListClvModelsQuery(int? Limit, string? Cursor) : IQuery<Page<ClvModelDto>>;

public sealed class ListClvModelsValidator : AbstractValidator<ListClvModelsQuery>
{
    public ListClvModelsValidator() => Include(new PageRequestValidator<ListClvModelsQuery>(x => x.Limit, x => x.Cursor));
}

public sealed class ListClvModelsHandler(IApplicationDbContext db, ICursorCodec cursors) : IQueryHandler<ListClvModelsQuery, Page<ClvModelDto>>
{
    public async ValueTask<Page<ClvModelDto>> Handle(ListClvModelsQuery query, CancellationToken cancellationToken)
    {
        var limit = query.Limit ?? PageLimits.Default;
        var rows = await db.ClvModels.AsNoTracking()
            .NewestFirst(m => m.CreatedAt, m => m.Id, cursors.DecodeOrThrow(query.Cursor, "clv-models"), limit)
            .ToListAsync(cancellationToken);
        return Keyset.Page(rows, limit, ClvModelDto.From, m => cursors.Encode(new TimeCursor("clv-models", m.CreatedAt, m.Id)));
    }
}

/// <summary>The orders of a model's customer list.</summary>
public static class ClvCustomerSort
{
    public const string PAliveAscending = "pAlive";
    public const string PAliveDescending = "-pAlive";
    public const string ClvDescending = "-clv";

    public static IReadOnlyList<string> All { get; } = [PAliveAscending, PAliveDescending, ClvDescending];
}

/// <summary>A model's per-customer predictions, keyset-paginated in the order <c>sort</c> (default -clv).</summary>
public sealed record ListClvCustomersQuery(Guid ModelId, string? Sort, int? Limit, string? Cursor) : IQuery<Page<ClvCustomerDto>>;

public sealed class ListClvCustomersValidator : AbstractValidator<ListClvCustomersQuery>
{
    public ListClvCustomersValidator()
    {
        Include(new PageRequestValidator<ListClvCustomersQuery>(x => x.Limit, x => x.Cursor));
        RuleFor(x => x.Sort).Must(s => s is null || ClvCustomerSort.All.Contains(s, StringComparer.Ordinal))
            .WithMessage($"'sort' must be one of {string.Join(", ", ClvCustomerSort.All)}.")
            .OverridePropertyName("sort");
    }
}

internal sealed record ClvCustomerCursor(string Scope, double PAlive, decimal Clv, Guid CustomerId);

public sealed class ListClvCustomersHandler(IApplicationDbContext db, ICursorCodec cursors)
    : IQueryHandler<ListClvCustomersQuery, Page<ClvCustomerDto>>
{
    public async ValueTask<Page<ClvCustomerDto>> Handle(ListClvCustomersQuery query, CancellationToken cancellationToken)
    {
        var model = await db.ClvModels.AsNoTracking().FirstOrDefaultAsync(m => m.Id == query.ModelId, cancellationToken)
            ?? throw new NotFoundException("CLV model", query.ModelId);
        if (model.Status != JobStatus.Succeeded)
        {
            var status = model.Status.ToString().ToLowerInvariant();
            throw new DomainException(
                "clv-model-not-succeeded",
                $"CLV model {model.Id} is {status}: only succeeded models have predictions.",
                new Dictionary<string, object?> { ["modelId"] = model.Id, ["modelStatus"] = status });
        }

        var sort = query.Sort ?? ClvCustomerSort.ClvDescending;
        var scope = $"clv-customers:{model.Id}:{sort}";
        ClvCustomerCursor? after = null;
        if (query.Cursor is not null && (!cursors.TryDecode<ClvCustomerCursor>(query.Cursor, out after) || after is null || after.Scope != scope))
        {
            throw Keyset.InvalidCursor();
        }

        var rows = db.ClvPredictions.AsNoTracking().Where(p => p.ModelId == model.Id);
        IOrderedQueryable<ClvPrediction> ordered;
        switch (sort)
        {
            case ClvCustomerSort.PAliveAscending:
                if (after is not null)
                {
                    rows = rows.Where(p => p.PAlive > after.PAlive || (p.PAlive == after.PAlive && p.CustomerId.CompareTo(after.CustomerId) > 0));
                }

                ordered = rows.OrderBy(p => p.PAlive).ThenBy(p => p.CustomerId);
                break;
            case ClvCustomerSort.PAliveDescending:
                if (after is not null)
                {
                    rows = rows.Where(p => p.PAlive < after.PAlive || (p.PAlive == after.PAlive && p.CustomerId.CompareTo(after.CustomerId) < 0));
                }

                ordered = rows.OrderByDescending(p => p.PAlive).ThenByDescending(p => p.CustomerId);
                break;
            default:
                if (after is not null)
                {
                    rows = rows.Where(p => p.Clv < after.Clv || (p.Clv == after.Clv && p.CustomerId.CompareTo(after.CustomerId) > 0));
                }

                ordered = rows.OrderByDescending(p => p.Clv).ThenBy(p => p.CustomerId);
                break;
        }

        var limit = query.Limit ?? PageLimits.Default;
        var page = await ordered
            .Take(limit + 1)
            .Select(p => new ClvCustomerDto(p.CustomerId, p.Frequency, p.RecencyDays, p.AgeDays, p.PAlive, p.ExpectedPurchases, p.ExpectedAverageOrderValue, p.Clv, p.ChurnRisk))
            .ToListAsync(cancellationToken);
        return Keyset.Page(page, limit, p => p, p => cursors.Encode(new ClvCustomerCursor(scope, p.PAlive, p.Clv, p.CustomerId)));
    }
}
