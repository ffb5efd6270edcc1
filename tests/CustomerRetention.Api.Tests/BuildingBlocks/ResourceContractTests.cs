using System.Text.Json.Nodes;
using CustomerRetention.Api.Tests.Support;

namespace CustomerRetention.Api.Tests.BuildingBlocks;

/// <summary>The resource contract (<see cref="ResourceContract"/>) applied to every writable operation.</summary>
public sealed class ResourceContractTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    public static TheoryData<string> All => ResourceContract.All();

    public static TheoryData<string> WithReadOnlyMembers => ResourceContract.WithReadOnlyMembers();

    public static TheoryData<string> WithParents => ResourceContract.WithParents();

    [Theory]
    [MemberData(nameof(All))]
    public Task An_unknown_member_is_a_400_naming_it_and_changes_nothing(string operation) =>
        ResourceContract.UnknownMemberIsRefusedAsync(api, ResourceContract.Operations[operation]);

    [Theory]
    [MemberData(nameof(WithReadOnlyMembers))]
    public Task A_read_only_member_is_a_400_naming_it_and_changes_nothing(string operation) =>
        ResourceContract.ReadOnlyMemberIsRefusedAsync(api, ResourceContract.Operations[operation]);

    [Theory]
    [MemberData(nameof(All))]
    public Task A_body_in_another_media_type_is_a_415_and_changes_nothing(string operation) =>
        ResourceContract.AnotherMediaTypeIsRefusedAsync(api, ResourceContract.Operations[operation]);

    [Theory]
    [MemberData(nameof(WithParents))]
    public Task A_missing_parent_is_a_404_and_changes_nothing(string operation) =>
        ResourceContract.MissingParentIsNotFoundAsync(api, ResourceContract.Operations[operation]);

    [Fact]
    public async Task Every_operation_with_a_request_body_in_the_OpenAPI_document_is_under_contract()
    {
        var document = JsonNode.Parse(await api.CreateClient().GetStringAsync("/swagger/v1/swagger.json"))!;
        var withBodies = document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject()
                .Where(operation => operation.Value!["requestBody"] is not null)
                .Where(operation => !Fuzz.HostileInputFuzzer.FileUploads.Contains(operation.Value!["operationId"]!.GetValue<string>())) // a file, not a JSON resource: Imports/CustomerImportTests
                .Select(operation => $"{operation.Key.ToUpperInvariant()} {path.Key["/api/v1".Length..]}"))
            .Order(StringComparer.Ordinal);
        Assert.Equal(withBodies, ResourceContract.Operations.Keys.Order(StringComparer.Ordinal));
    }
}
