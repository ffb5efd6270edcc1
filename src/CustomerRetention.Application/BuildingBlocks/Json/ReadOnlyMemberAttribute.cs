namespace CustomerRetention.Application.BuildingBlocks.Json;

/// <summary>
/// Declares a member that the resource shows but a client may not send in this request body
/// (<c>id</c>, <c>createdAt</c>, …), with the reason given back in the 400. Each request type
/// states its own list, so a member is read-only where the resource owns it and simply unknown
/// elsewhere. The HTTP layer's body check reads these attributes; a member the type also binds is
/// never reported as read-only.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class ReadOnlyMemberAttribute(string name, string reason) : Attribute
{
    /// <summary>The member's JSON name (camelCase, as the resource shows it).</summary>
    public string Name { get; } = name;

    /// <summary>The sentence the client gets back, naming the member and why it is not theirs to set.</summary>
    public string Reason { get; } = reason;
}

/// <summary>The wording of read-only members that several request types share.</summary>
public static class ReadOnlyReasons
{
    public const string Id = "'id' is read-only: the server assigns it.";
    public const string CreatedAt = "'createdAt' is read-only: the server sets it.";
    public const string UpdatedAt = "'updatedAt' is read-only: the server sets it.";
    public const string CustomerId = "'customerId' is read-only: it is the customer in the path.";
    public const string Status = "'status' is read-only: the server reports the job's progress.";
    public const string StartedAt = "'startedAt' is read-only: the server sets it.";
    public const string FinishedAt = "'finishedAt' is read-only: the server sets it.";
    public const string Error = "'error' is read-only: the server reports it.";
}
