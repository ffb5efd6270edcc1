using CustomerRetention.Application.BuildingBlocks;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Domain.Segmentation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CustomerRetention.Application.Segmentation.ReplaceSegmentMap;

/// <summary>Replace the whole segment map; runs queued afterwards use it, earlier runs keep theirs.</summary>
public sealed record ReplaceSegmentMapCommand(IReadOnlyList<SegmentCellDto?>? Cells) : ICommand<SegmentMapDto>;

public sealed class ReplaceSegmentMapHandler(IApplicationDbContext db, TimeProvider clock) : ICommandHandler<ReplaceSegmentMapCommand, SegmentMapDto>
{
    public async ValueTask<SegmentMapDto> Handle(ReplaceSegmentMapCommand command, CancellationToken cancellationToken)
    {
        var cells = command.Cells!.Select(c => new SegmentCell(c!.R, c.F, c.Segment)).OrderByDescending(c => c.R).ThenBy(c => c.F).ToList();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.SegmentMap.ExecuteDeleteAsync(cancellationToken);
        db.SegmentMap.AddRange(cells);
        db.AddEvent(new SegmentMapReplaced(cells, clock.UtcNowMicroseconds()));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new SegmentMapDto(cells.Select(c => new SegmentCellDto(c.R, c.F, c.Segment)).ToList());
    }
}
