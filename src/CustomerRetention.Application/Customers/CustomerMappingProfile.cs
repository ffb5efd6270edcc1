using AutoMapper;
using CustomerRetention.Domain.Customers;

namespace CustomerRetention.Application.Customers;

public sealed class CustomerMappingProfile : Profile
{
    public CustomerMappingProfile()
    {
        // Attributes come back from jsonb in the database's key order; sort them so every
        // response (create, read, list) shows them the same way.
        CreateMap<Customer, CustomerDto>()
            .ForMember(d => d.Attributes, o => o.MapFrom(s => SortedAttributes(s.Attributes)))
            .ForMember(d => d.Rfm, o => o.Ignore());
        CreateMap<Address, AddressDto>();
        CreateMap<Consent, ConsentDto>();
    }

    private static SortedDictionary<string, object> SortedAttributes(IReadOnlyDictionary<string, object> attributes)
    {
        var sorted = new SortedDictionary<string, object>(StringComparer.Ordinal);
        foreach (var (key, value) in attributes)
        {
            sorted[key] = value;
        }

        return sorted;
    }
}
