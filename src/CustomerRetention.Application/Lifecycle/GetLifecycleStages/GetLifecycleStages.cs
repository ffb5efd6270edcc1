using CustomerRetention.Domain.Lifecycle;
using Mediator;

namespace CustomerRetention.Application.Lifecycle.GetLifecycleStages;

/// <summary>The lifecycle graph (SPEC §3), as <see cref="LifecycleGraph"/> defines it.</summary>
public sealed record GetLifecycleStagesQuery : IQuery<LifecycleStagesDto>;

public sealed class GetLifecycleStagesHandler : IQueryHandler<GetLifecycleStagesQuery, LifecycleStagesDto>
{
    public ValueTask<LifecycleStagesDto> Handle(GetLifecycleStagesQuery query, CancellationToken cancellationToken) =>
        ValueTask.FromResult(new LifecycleStagesDto(LifecycleGraph.Stages
            .Select((stage, index) => new LifecycleStageDto(
                stage,
                LifecycleGraph.NameOf(stage),
                index + 1,
                LifecycleGraph.DescriptionOf(stage),
                LifecycleGraph.AllowedFrom(stage)))
            .ToArray()));
}
