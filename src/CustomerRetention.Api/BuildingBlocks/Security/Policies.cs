using CustomerRetention.Domain.Access;
using Microsoft.AspNetCore.Authorization;

namespace CustomerRetention.Api.BuildingBlocks.Security;

/// <summary>
/// The named policies of SPEC §11, in one place: every endpoint names one of them
/// (<c>RequireAuthorization(Policies.X)</c>) or is explicitly anonymous, and anything else falls
/// to the fallback policy, which requires a credential. Owner scoping of agents is a query filter
/// (<c>IOwnerScope</c>, ADR 19), not a policy.
/// </summary>
public static class Policies
{
    /// <summary>Any authenticated caller (<c>GET /me</c>).</summary>
    public const string Caller = "caller";

    /// <summary>Reading customers and everything under them: stages, interactions, orders, timeline, per-customer scores.</summary>
    public const string ReadCustomers = "read-customers";

    /// <summary>Writing customers, interactions, orders and lifecycle transitions.</summary>
    public const string WriteCustomers = "write-customers";

    /// <summary>Reading runs, models, segments and analytics.</summary>
    public const string ReadAnalytics = "read-analytics";

    /// <summary>Starting RFM runs and CLV models, replacing the segment map.</summary>
    public const string Runs = "runs";

    /// <summary>Reading the change feed.</summary>
    public const string Events = "events";

    /// <summary>Managing webhook subscriptions and their deliveries: deployment-wide integration configuration (ADR 0022).</summary>
    public const string Webhooks = "webhooks";

    /// <summary>Managing API keys.</summary>
    public const string Admin = "admin";

    /// <summary>Reading people's work on customers: alerts and tasks (later cases and surveys), owner-scoped for agents.</summary>
    public const string ReadWork = "read-work";

    /// <summary>Acting on that work: creating, completing and assigning tasks, acknowledging and resolving alerts. Not for integrations (SPEC §11).</summary>
    public const string Work = "work";

    /// <summary>Reading the rules and policies that create work: alert rules, cadence and reminder policies.</summary>
    public const string ReadRules = "read-rules";

    /// <summary>Changing those rules and policies and running their evaluations (managers and admins, SPEC §11).</summary>
    public const string ManageRules = "manage-rules";

    /// <summary>The roles each policy admits.</summary>
    public static IReadOnlyDictionary<string, Role[]> Roles { get; } = new Dictionary<string, Role[]>
    {
        [Caller] = Enum.GetValues<Role>(),
        [ReadCustomers] = [Role.Viewer, Role.Agent, Role.Manager, Role.Admin, Role.Integration],
        [WriteCustomers] = [Role.Agent, Role.Manager, Role.Admin, Role.Integration],
        [ReadAnalytics] = [Role.Viewer, Role.Agent, Role.Manager, Role.Admin],
        [Runs] = [Role.Manager, Role.Admin],
        [Events] = [Role.Admin, Role.Integration],
        [Webhooks] = [Role.Admin, Role.Integration],
        [Admin] = [Role.Admin],
        [ReadWork] = [Role.Viewer, Role.Agent, Role.Manager, Role.Admin],
        [Work] = [Role.Agent, Role.Manager, Role.Admin],
        [ReadRules] = [Role.Viewer, Role.Agent, Role.Manager, Role.Admin],
        [ManageRules] = [Role.Manager, Role.Admin],
    };

    /// <summary>Registers the policies and the fallback that denies callers without a credential.</summary>
    public static void Add(AuthorizationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        foreach (var (name, roles) in Roles)
        {
            options.AddPolicy(name, policy => policy.RequireAuthenticatedUser().RequireRole(roles.Select(Domain.Access.Roles.Name)));
        }

        options.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
    }
}
