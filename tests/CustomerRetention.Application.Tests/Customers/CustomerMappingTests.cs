using AutoMapper;
using CustomerRetention.Application.Customers;
using CustomerRetention.Domain.Customers;
using CustomerRetention.Domain.Lifecycle;
using Microsoft.Extensions.Logging.Abstractions;

namespace CustomerRetention.Application.Tests.Customers;

public sealed class CustomerMappingTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 14, 9, 30, 0, TimeSpan.Zero);

    private readonly MapperConfiguration _configuration = new(
        cfg => cfg.AddMaps(typeof(Application.DependencyInjection).Assembly),
        NullLoggerFactory.Instance);

    [Fact]
    public void The_mapping_configuration_is_valid()
    {
        _configuration.AssertConfigurationIsValid();
    }

    [Fact]
    public void A_customer_maps_to_its_dto_field_by_field()
    {
        var profile = new CustomerProfile(
            CustomerType.Business,
            "Acme Purchasing",
            "ERP-42",
            "Acme GmbH",
            "Buyer@acme.example",
            "+4930901820",
            new Address("Hauptstr. 1", "Hof 2", "Berlin", "BE", "10115", "DE"),
            new DateOnly(1985, 2, 3),
            ["Key-Account", "b2b"],
            new Dictionary<string, object> { ["zeta"] = "last", ["alpha"] = 3m, ["beta"] = true },
            Guid.Parse("0195f3a4-2222-7000-8000-000000000002"),
            new Consent(true, true, false));
        var enteredAt = Now.AddDays(-30);
        var customer = Customer.Create(profile, LifecycleStage.Retention, enteredAt, Now);

        var dto = _configuration.CreateMapper().Map<CustomerDto>(customer);

        Assert.Equal(customer.Id, dto.Id);
        Assert.Equal("ERP-42", dto.ExternalId);
        Assert.Equal(CustomerType.Business, dto.Type);
        Assert.Equal("Acme Purchasing", dto.Name);
        Assert.Equal("Acme GmbH", dto.Company);
        Assert.Equal("Buyer@acme.example", dto.Email);
        Assert.Equal("+4930901820", dto.Phone);
        Assert.Equal(
            new AddressDto { Line1 = "Hauptstr. 1", Line2 = "Hof 2", City = "Berlin", Region = "BE", PostalCode = "10115", Country = "DE" },
            dto.Address);
        Assert.Equal(new DateOnly(1985, 2, 3), dto.Birthday);
        Assert.Equal(["Key-Account", "b2b"], dto.Tags);
        Assert.Equal(["alpha", "beta", "zeta"], dto.Attributes.Keys);
        Assert.Equal(3m, dto.Attributes["alpha"]);
        Assert.Equal(true, dto.Attributes["beta"]);
        Assert.Equal("last", dto.Attributes["zeta"]);
        Assert.Equal(Guid.Parse("0195f3a4-2222-7000-8000-000000000002"), dto.OwnerId);
        Assert.Equal(new ConsentDto { Email = true, Sms = true, Phone = false }, dto.Consent);
        Assert.Equal(LifecycleStage.Retention, dto.LifecycleStage);
        Assert.Equal(enteredAt, dto.StageEnteredAt);
        Assert.Equal(Now, dto.CreatedAt);
        Assert.Equal(Now, dto.UpdatedAt);
    }

    [Fact]
    public void A_customer_without_address_maps_to_a_dto_without_address()
    {
        var profile = new CustomerProfile(
            CustomerType.Individual, "Jane", null, null, null, null, null, null, [], new Dictionary<string, object>(), null, Consent.None);
        var customer = Customer.Create(profile, LifecycleStage.Awareness, null, Now);

        var dto = _configuration.CreateMapper().Map<CustomerDto>(customer);

        Assert.Null(dto.Address);
        Assert.Null(dto.Email);
        Assert.Empty(dto.Tags);
        Assert.Empty(dto.Attributes);
        Assert.Equal(new ConsentDto { Email = false, Sms = false, Phone = false }, dto.Consent);
    }
}
