namespace CustomerRetention.Application.BuildingBlocks.Batches;

/// <summary>What a batch did with one item.</summary>
public enum BatchItemStatus
{
    /// <summary>A new resource was created.</summary>
    Created,

    /// <summary>The existing resource with that key was changed.</summary>
    Updated,

    /// <summary>The existing resource already held these values: nothing was written, no event.</summary>
    Unchanged,

    /// <summary>The item was refused; <c>errors</c> says why. Nothing of it was written.</summary>
    Error,
}

/// <summary>The outcome of one batch item, at its position in the request.</summary>
public sealed record BatchItemResult
{
    /// <summary>The item's position in <c>items</c>, from 0.</summary>
    public required int Index { get; init; }

    /// <summary>The resource the item created, updated or matched; for an error, the existing resource its key names, when there is one the caller may see.</summary>
    public required Guid? Id { get; init; }

    /// <summary><c>created</c>, <c>updated</c>, <c>unchanged</c> or <c>error</c>.</summary>
    public required BatchItemStatus Status { get; init; }

    /// <summary>For an error, the problem's code as a single request would answer it (<c>validation-failed</c>, <c>duplicate-customer</c>, …); otherwise null.</summary>
    public required string? Code { get; init; }

    /// <summary>For an error, the messages per member, keyed by the member's path in the request body (<c>items[3].email</c>); otherwise null.</summary>
    public required IReadOnlyDictionary<string, string[]>? Errors { get; init; }

    public static BatchItemResult Done(int index, Guid id, BatchItemStatus status) =>
        new() { Index = index, Id = id, Status = status, Code = null, Errors = null };

    public static BatchItemResult Failed(int index, Guid? id, string code, IReadOnlyDictionary<string, string[]> errors) =>
        new() { Index = index, Id = id, Status = BatchItemStatus.Error, Code = code, Errors = errors };
}

/// <summary>The answer of a batch: one result per item, in input order.</summary>
public sealed record BatchResult(IReadOnlyList<BatchItemResult> Results)
{
    /// <summary>How many items ended with each status.</summary>
    public int Count(BatchItemStatus status) => Results.Count(r => r.Status == status);
}
