using AutoMapper;
using CustomerRetention.Domain.Customers;

namespace CustomerRetention.Application.Customers;

public sealed class CustomerMappingProfile : Profile
{
    public CustomerMappingProfile()
    {
        CreateMap<Customer, CustomerDto>();
        CreateMap<Address, AddressDto>();
        CreateMap<Consent, ConsentDto>();
    }
}
