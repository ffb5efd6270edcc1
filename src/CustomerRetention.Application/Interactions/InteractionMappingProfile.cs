using AutoMapper;
using CustomerRetention.Application.Interactions.Contracts;
using CustomerRetention.Domain.Interactions;

namespace CustomerRetention.Application.Interactions;

public sealed class InteractionMappingProfile : Profile
{
    public InteractionMappingProfile() => CreateMap<Interaction, InteractionDto>();
}
