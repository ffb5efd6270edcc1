using AutoMapper;
using CustomerRetention.Domain.Lifecycle;

namespace CustomerRetention.Application.Lifecycle;

public sealed class LifecycleMappingProfile : Profile
{
    public LifecycleMappingProfile() => CreateMap<StageTransition, StageTransitionDto>();
}
