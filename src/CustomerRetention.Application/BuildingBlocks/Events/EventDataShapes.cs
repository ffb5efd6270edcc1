namespace CustomerRetention.Application.BuildingBlocks.Events;

/// <summary>The <c>data</c> of a <c>*.created</c> event: the resource as the API returns it.</summary>
public sealed record CreatedData<T>(T State);

/// <summary>The <c>data</c> of a <c>*.updated</c> event: which fields changed and the resource's new state.</summary>
public sealed record UpdatedData<T>(IReadOnlyList<string> ChangedFields, T State);
