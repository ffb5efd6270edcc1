using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using CustomerRetention.Application.BuildingBlocks.Json;
using CustomerRetention.Application.Customers;
using CustomerRetention.Application.Customers.CreateCustomer;

namespace CustomerRetention.Application.Tests.BuildingBlocks;

/// <summary>The JSON contract of the API is strict in the serializer itself, not only in the HTTP layer's checks.</summary>
public sealed class ApiJsonTests
{
    [Fact]
    public void The_serializer_refuses_a_member_the_type_does_not_map()
    {
        Assert.Equal(JsonUnmappedMemberHandling.Disallow, ApiJson.Options.UnmappedMemberHandling);
        var error = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<CustomerFields>("""{"name":"Ada","nickname":"A"}""", ApiJson.Options));
        Assert.Contains("nickname", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_serializer_refuses_an_unmapped_member_of_a_nested_object_too()
    {
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<CustomerFields>("""{"address":{"city":"Paris","planet":"Earth"}}""", ApiJson.Options));
    }

    [Fact]
    public void A_body_the_type_maps_completely_is_read()
    {
        var fields = JsonSerializer.Deserialize<CustomerFields>("""{"name":"Ada","address":{"city":"Paris"}}""", ApiJson.Options)!;
        Assert.Equal("Ada", fields.Name);
        Assert.Equal("Paris", fields.Address!.City);
    }

    [Fact]
    public void Each_customer_body_declares_its_own_read_only_members()
    {
        static string[] Declared(Type type) =>
            type.GetCustomAttributes<ReadOnlyMemberAttribute>(inherit: false).Select(a => a.Name).Order(StringComparer.Ordinal).ToArray();

        // A patch may not move the stage; a create may set the initial one, so there it is a field, not read-only.
        Assert.Equal(["archivedAt", "createdAt", "id", "lifecycleStage", "rfm", "stageEnteredAt", "updatedAt", "value"], Declared(typeof(CustomerFields)));
        Assert.Equal(["archivedAt", "createdAt", "id", "rfm", "updatedAt", "value"], Declared(typeof(CreateCustomerCommand)));
        Assert.All(
            typeof(CustomerFields).GetCustomAttributes<ReadOnlyMemberAttribute>(inherit: false),
            a => Assert.StartsWith($"'{a.Name}' is read-only", a.Reason, StringComparison.Ordinal));
    }
}
