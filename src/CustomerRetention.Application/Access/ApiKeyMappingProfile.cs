using AutoMapper;
using CustomerRetention.Application.Access.Contracts;
using CustomerRetention.Domain.Access;

namespace CustomerRetention.Application.Access;

public sealed class ApiKeyMappingProfile : Profile
{
    public ApiKeyMappingProfile()
    {
        CreateMap<ApiKey, ApiKeyDto>();
        CreateMap<ApiKey, IssuedApiKeyDto>().ForMember(d => d.Key, o => o.Ignore());
    }
}
