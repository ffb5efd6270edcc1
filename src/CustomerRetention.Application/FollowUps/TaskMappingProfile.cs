using AutoMapper;
using CustomerRetention.Application.FollowUps.Contracts;
using CustomerRetention.Domain.FollowUps;

namespace CustomerRetention.Application.FollowUps;

/// <summary>Tasks and policies as the API returns them; a task's <c>timing</c> is set by <see cref="TaskViews"/>, which knows today.</summary>
public sealed class TaskMappingProfile : Profile
{
    public TaskMappingProfile()
    {
        CreateMap<FollowUpTask, TaskDto>().ForMember(d => d.Timing, o => o.Ignore());
        CreateMap<CadencePolicy, CadencePolicyDto>()
            .ForMember(d => d.Version, o => o.MapFrom(s => s.Revision))
            .ForMember(d => d.RowVersion, o => o.MapFrom(s => s.Version));
    }
}
