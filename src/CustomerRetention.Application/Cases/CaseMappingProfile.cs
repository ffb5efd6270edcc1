using AutoMapper;
using CustomerRetention.Application.Cases.Contracts;
using CustomerRetention.Domain.Cases;

namespace CustomerRetention.Application.Cases;

/// <summary>Cases, their journal and messages as the API returns them.</summary>
public sealed class CaseMappingProfile : Profile
{
    public CaseMappingProfile()
    {
        CreateMap<SupportCase, CaseDto>();
        CreateMap<CaseResolution, CaseResolutionDto>();
        CreateMap<CaseChange, CaseChangeDto>();
        CreateMap<CaseMessage, CaseMessageDto>();
    }
}
