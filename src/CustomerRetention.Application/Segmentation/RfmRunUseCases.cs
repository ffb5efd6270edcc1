using AutoMapper;
using CustomerRetention.Application.BuildingBlocks;
using CustomerRetention.Application.BuildingBlocks.Exceptions;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Application.BuildingBlocks.Paging;
using CustomerRetention.Domain.Segmentation;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CustomerRetention.Application.Segmentation;

/// <summary>The body of an RFM run request.</summary>
public sealed record RfmRunRequest
{
    /// <summary>The instant the run looks from; default now, never in the future.</summary>
    public DateTimeOffset? AsOf { get; init; }

    /// <summary>Only orders in the last this many days before asOf count; default all history.</summary>
    public int? WindowDays { get; init; }

    /// <summary>quantile (default) or fixed.</summary>
    public RfmPolicy? Policy { get; init; }

    /// <summary>With policy fixed only: four ascending breakpoints for each measure.</summary>
    public BreakpointsRequest? Breakpoints { get; init; }
}

public sealed record BreakpointsRequest
{
    public IReadOnlyList<double>? RecencyDays { get; init; }

    public IReadOnlyList<double>? Frequency { get; init; }

    public IReadOnlyList<double>? Monetary { get; init; }
}

/// <summary>Queue an RFM run; the background worker of one API instance runs it.</summary>
public sealed record StartRfmRunCommand(RfmRunRequest Request) : ICommand<RfmRunDto>;

public sealed class StartRfmRunValidator : AbstractValidator<StartRfmRunCommand>
{
    public const int MaxWindowDays = 36_500;

    private static readonly DateTimeOffset EarliestAsOf = new(1900, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public StartRfmRunValidator(TimeProvider clock)
    {
        RuleFor(x => x.Request.AsOf).Must(a => a is null || (a <= clock.GetUtcNow() && a >= EarliestAsOf))
            .WithMessage("'asOf' must be between 1900-01-01T00:00:00Z and now.").OverridePropertyName("asOf");
        RuleFor(x => x.Request.WindowDays).InclusiveBetween(1, MaxWindowDays)
            .WithMessage($"'windowDays' must be a whole number of days from 1 to {MaxWindowDays}.").OverridePropertyName("windowDays");
        RuleFor(x => x.Request.Policy).IsInEnum().OverridePropertyName("policy");
        RuleFor(x => x.Request.Breakpoints).Null()
            .When(x => x.Request.Policy is null or RfmPolicy.Quantile)
            .WithMessage("'breakpoints' go with policy 'fixed' only; quantile runs compute them.")
            .OverridePropertyName("breakpoints");
        RuleFor(x => x.Request.Breakpoints).NotNull()
            .When(x => x.Request.Policy == RfmPolicy.Fixed)
            .WithMessage("Policy 'fixed' needs 'breakpoints' for recencyDays, frequency and monetary.")
            .OverridePropertyName("breakpoints");
        When(x => x.Request.Policy == RfmPolicy.Fixed && x.Request.Breakpoints is not null, () =>
        {
            const string Ascending = "Four finite numbers, each greater than the one before.";
            RuleFor(x => x.Request.Breakpoints!.RecencyDays).Must(RfmScoring.AreAscending).WithMessage(Ascending).OverridePropertyName("breakpoints.recencyDays");
            RuleFor(x => x.Request.Breakpoints!.Frequency).Must(RfmScoring.AreAscending).WithMessage(Ascending).OverridePropertyName("breakpoints.frequency");
            RuleFor(x => x.Request.Breakpoints!.Monetary).Must(RfmScoring.AreAscending).WithMessage(Ascending).OverridePropertyName("breakpoints.monetary");
        });
    }
}

public sealed class StartRfmRunHandler(IApplicationDbContext db, IMapper mapper, TimeProvider clock, IJobSignal signal)
    : ICommandHandler<StartRfmRunCommand, RfmRunDto>
{
    public async ValueTask<RfmRunDto> Handle(StartRfmRunCommand command, CancellationToken cancellationToken)
    {
        var request = command.Request;
        var now = clock.UtcNowMicroseconds();
        var policy = request.Policy ?? RfmPolicy.Quantile;
        var breakpoints = request.Breakpoints is { } b
            ? new RfmBreakpoints(b.RecencyDays!, b.Frequency!, b.Monetary!)
            : null;
        var run = RfmRun.Queue(request.AsOf?.ToMicroseconds() ?? now, request.WindowDays, policy, breakpoints, now);
        db.RfmRuns.Add(run);
        await db.SaveChangesAsync(cancellationToken);
        signal.Notify();
        return mapper.Map<RfmRunDto>(run);
    }
}

public sealed record GetRfmRunQuery(Guid Id) : IQuery<RfmRunDto>;

public sealed class GetRfmRunHandler(IApplicationDbContext db, IMapper mapper) : IQueryHandler<GetRfmRunQuery, RfmRunDto>
{
    public async ValueTask<RfmRunDto> Handle(GetRfmRunQuery query, CancellationToken cancellationToken) =>
        mapper.Map<RfmRunDto>(await db.RfmRuns.AsNoTracking().FirstOrDefaultAsync(r => r.Id == query.Id, cancellationToken)
            ?? throw new NotFoundException("RFM run", query.Id));
}

/// <summary>Runs, newest first.</summary>
public sealed record ListRfmRunsQuery(int? Limit, string? Cursor) : IQuery<Page<RfmRunDto>>;

public sealed class ListRfmRunsValidator : AbstractValidator<ListRfmRunsQuery>
{
    public ListRfmRunsValidator() => Include(new PageRequestValidator<ListRfmRunsQuery>(x => x.Limit, x => x.Cursor));
}

public sealed class ListRfmRunsHandler(IApplicationDbContext db, IMapper mapper, ICursorCodec cursors) : IQueryHandler<ListRfmRunsQuery, Page<RfmRunDto>>
{
    public async ValueTask<Page<RfmRunDto>> Handle(ListRfmRunsQuery query, CancellationToken cancellationToken)
    {
        var limit = query.Limit ?? PageLimits.Default;
        var rows = await db.RfmRuns.AsNoTracking()
            .NewestFirst(r => r.CreatedAt, r => r.Id, cursors.DecodeOrThrow(query.Cursor, "rfm-runs"), limit)
            .ToListAsync(cancellationToken);
        return Keyset.Page(rows, limit, mapper.Map<RfmRunDto>, r => cursors.Encode(new TimeCursor("rfm-runs", r.CreatedAt, r.Id)));
    }
}

public sealed record GetSegmentMapQuery : IQuery<SegmentMapDto>;

public sealed class GetSegmentMapHandler(IApplicationDbContext db, IMapper mapper) : IQueryHandler<GetSegmentMapQuery, SegmentMapDto>
{
    public async ValueTask<SegmentMapDto> Handle(GetSegmentMapQuery query, CancellationToken cancellationToken) =>
        new(mapper.Map<List<SegmentCellDto>>(await db.SegmentMap.AsNoTracking().OrderByDescending(c => c.R).ThenBy(c => c.F).ToListAsync(cancellationToken)));
}

/// <summary>Replace the whole segment map; runs queued afterwards use it, earlier runs keep theirs.</summary>
public sealed record ReplaceSegmentMapCommand(IReadOnlyList<SegmentCellDto?>? Cells) : ICommand<SegmentMapDto>;

public sealed class ReplaceSegmentMapValidator : AbstractValidator<ReplaceSegmentMapCommand>
{
    public ReplaceSegmentMapValidator()
    {
        RuleFor(x => x.Cells).NotNull().OverridePropertyName("cells");
        RuleForEach(x => x.Cells).NotNull().OverridePropertyName("cells");
        RuleFor(x => x.Cells)
            .Must(cells => RfmScoring.ValidateMap(cells!.Select(c => new SegmentCell(c!.R, c.F, c.Segment)).ToList()) is null)
            .WithMessage(x => RfmScoring.ValidateMap(x.Cells!.Select(c => new SegmentCell(c!.R, c.F, c.Segment)).ToList())!)
            .When(x => x.Cells is not null && x.Cells.All(c => c is not null))
            .OverridePropertyName("cells");
    }
}

public sealed class ReplaceSegmentMapHandler(IApplicationDbContext db) : ICommandHandler<ReplaceSegmentMapCommand, SegmentMapDto>
{
    public async ValueTask<SegmentMapDto> Handle(ReplaceSegmentMapCommand command, CancellationToken cancellationToken)
    {
        var cells = command.Cells!.Select(c => new SegmentCell(c!.R, c.F, c.Segment)).OrderByDescending(c => c.R).ThenBy(c => c.F).ToList();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.SegmentMap.ExecuteDeleteAsync(cancellationToken);
        db.SegmentMap.AddRange(cells);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new SegmentMapDto(cells.Select(c => new SegmentCellDto(c.R, c.F, c.Segment)).ToList());
    }
}
