using CustomerRetention.Application.BuildingBlocks.Json;
using CustomerRetention.Domain.Lifecycle;
using Mediator;

namespace CustomerRetention.Application.Value.GetLifecycleFunnel;

public sealed record GetLifecycleFunnelQuery : IQuery<LifecycleFunnelDto>;

public sealed class GetLifecycleFunnelHandler(IAnalyticsEngine engine) : IQueryHandler<GetLifecycleFunnelQuery, LifecycleFunnelDto>
{
    public async ValueTask<LifecycleFunnelDto> Handle(GetLifecycleFunnelQuery query, CancellationToken cancellationToken)
    {
        var counts = await engine.FunnelAsync(cancellationToken);
        var funnel = Enum.GetValues<LifecycleStage>().OrderBy(s => (int)s).Select(ApiJson.EnumValue).ToList();
        var stages = funnel.Select((stage, index) =>
        {
            var entered = counts.Entered.GetValueOrDefault(stage);
            var reached = new Dictionary<string, double?>(StringComparer.Ordinal);
            foreach (var later in funnel.Skip(index + 1))
            {
                reached[later] = Ratios.Share(counts.Reached.GetValueOrDefault((stage, later)), entered);
            }

            return new FunnelStageDto(stage, entered, reached, counts.MedianDays.TryGetValue(stage, out var median) ? median : null);
        }).ToList();
        return new LifecycleFunnelDto(stages);
    }
}
