using AutoMapper;
using CustomerRetention.Application.Lifecycle.Contracts;
using CustomerRetention.Domain.Lifecycle;

namespace CustomerRetention.Application.Lifecycle;

public sealed class LifecycleMappingProfile : Profile
{
    public LifecycleMappingProfile() => CreateMap<StageTransition, StageTransitionDto>();
}
