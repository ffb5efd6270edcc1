using AutoMapper;
using CustomerRetention.Domain.Surveys;

namespace CustomerRetention.Application.Surveys;

/// <summary>Surveys, sends and responses as the API returns them; a send's token is set by its create only.</summary>
public sealed class SurveyMappingProfile : Profile
{
    public SurveyMappingProfile()
    {
        CreateMap<Survey, SurveyDto>()
            .ForMember(d => d.Version, o => o.MapFrom(s => s.Revision))
            .ForMember(d => d.RowVersion, o => o.MapFrom(s => s.Version));
        CreateMap<SurveySend, SurveySendDto>()
            .ForMember(d => d.Token, o => o.Ignore())
            .ForMember(d => d.Context, o => o.MapFrom(s => s.ContextType == null ? null : new SurveyContextDto(s.ContextType.Value, s.ContextId!.Value)));
        CreateMap<SurveyResponse, SurveyResponseDto>()
            .ForMember(d => d.Snapshot, o => o.MapFrom(s => new SurveySnapshotDto(s.Segment, s.RfmRunId, s.Stage)));
    }
}
