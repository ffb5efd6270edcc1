namespace CustomerRetention.Domain.Access;

/// <summary>
/// The roles of SPEC §11. A person's role comes from the <c>role</c> claim of their token; an
/// API key carries one of its own. Stored and sent in lower case (<c>viewer</c>).
/// </summary>
public enum Role
{
    Viewer,
    Agent,
    Manager,
    Admin,
    Integration,
}

/// <summary>The roles as the API and the tokens spell them.</summary>
public static class Roles
{
    /// <summary>The role's name in tokens, keys and the API (<c>admin</c>).</summary>
    public static string Name(Role role) => role.ToString().ToLowerInvariant();

    /// <summary>The role spelled exactly as <see cref="Name"/> writes it, or null for anything else.</summary>
    public static Role? Parse(string? name) =>
        Enum.GetValues<Role>().Select(r => (Role?)r).FirstOrDefault(r => Name(r!.Value) == name);
}
