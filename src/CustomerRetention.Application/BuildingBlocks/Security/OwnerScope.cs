using CustomerRetention.Domain.Access;

namespace CustomerRetention.Application.BuildingBlocks.Security;

/// <summary>
/// Whose customers the current request may see: an agent only those it owns
/// (<c>ownerId</c> = its user id); everyone else, and work outside a request, all of them.
/// The database context filters customers and everything under them by it (ADR 19), so a read
/// of another owner's customer finds nothing: a 404 on every route that names it.
/// </summary>
public interface IOwnerScope
{
    /// <summary>The owner the caller is limited to, or null when it sees every customer.</summary>
    Guid? OwnerId { get; }
}

/// <summary>The owner scope of the current caller.</summary>
public sealed class OwnerScope(ICurrentCaller caller) : IOwnerScope
{
    public Guid? OwnerId => caller.Caller is { Role: Role.Agent, Kind: CallerKind.User } agent ? agent.Id : null;

    /// <summary>
    /// The owner a customer written by this caller gets: an agent's customers are its own (none
    /// given: itself); anything else is a 403, as the customer would leave the agent's sight.
    /// </summary>
    public static Guid? OwnerFor(IOwnerScope scope, Guid? requested, bool isNew)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (scope.OwnerId is not { } agent || requested == agent)
        {
            return requested;
        }

        if (isNew && requested is null)
        {
            return agent;
        }

        throw new ForbiddenException(
            OwnerNotSelfCode,
            isNew
                ? "An agent creates customers it owns: leave ownerId out or send your own user id."
                : "An agent cannot give its customer to another owner or to none: ask a manager.");
    }

    public const string OwnerNotSelfCode = "owner-not-self";
}

/// <summary>The names of the database context's query filters, for queries that must look past one.</summary>
public static class QueryFilters
{
    /// <summary>Hides archived customers.</summary>
    public const string Live = "live";

    /// <summary>Limits an agent to the customers it owns (<see cref="IOwnerScope"/>).</summary>
    public const string Owner = "owner";
}

/// <summary>
/// An agent may only give its customers to itself: creating or re-assigning a customer to another
/// owner would hand it out of its own sight. The API answers 403 with <see cref="Code"/>.
/// </summary>
public sealed class ForbiddenException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}
