using CustomerRetention.Api.BuildingBlocks.Http;
using CustomerRetention.Api.BuildingBlocks.Security;
using CustomerRetention.Application.Audit;
using CustomerRetention.Application.Audit.ListAuditEntries;
using CustomerRetention.Application.BuildingBlocks.Paging;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace CustomerRetention.Api.Audit;

/// <summary>
/// The audit log (SPEC §11): every recorded change with its actor, read from the event log.
/// Everything is mapped on one route group so that one authorization policy (admins only) covers
/// the whole module.
/// </summary>
public static class AuditEndpoints
{
    public static IEndpointRouteBuilder MapAudit(this IEndpointRouteBuilder app)
    {
        var audit = app.MapGroup("/api/v1/audit").WithTags("Audit").GuardQueryString().RequireAuthorization(Policies.Admin);
        audit.MapGet("/", ListAuditEntries)
            .WithName(nameof(ListAuditEntries))
            .WithSummary("The audit log")
            .WithDescription(
                "Every change recorded in the event log, newest first (in the order the changes were committed), keyset-paginated: "
                + "who made it (`actor`), when (`occurredAt`), what (`action`: the event type) and on which `resource`; for `*.updated` actions "
                + "`changes` lists each changed field with its `old` and `new` value (`old` is null for changes recorded before old values were). "
                + "Filters `resourceType`, `resourceId`, `customerId`, `actor` (exactly as recorded), `action` (an event type or a family such as `customer.*`) "
                + "and the half-open range [`from`, `to`) of `occurredAt`; they combine. It covers the events the log retains (`Events:RetentionDays`).")
            .ProducesValidationProblem();
        return app;
    }

    /// <param name="resourceType">Only changes of this kind of resource: customer, interaction, order, rfm-run, rfm-segment-map or clv-model.</param>
    /// <param name="resourceId">Only changes of this resource.</param>
    /// <param name="customerId">Only changes about this customer (of the customer and of its interactions and orders).</param>
    /// <param name="actor">Only changes by this actor, exactly as recorded (for example <c>user:&lt;id&gt;</c>, <c>api-key:&lt;id&gt;</c> or <c>system</c>).</param>
    /// <param name="action">Only this event type (for example <c>customer.updated</c>) or family (<c>customer.*</c>).</param>
    /// <param name="from">Changes at or after this instant (RFC 3339).</param>
    /// <param name="to">Changes before this instant (RFC 3339); after <c>from</c>.</param>
    /// <param name="limit">Page size, 1–200 (default 50).</param>
    /// <param name="cursor">The nextCursor of the previous page, with the same filters.</param>
    /// <param name="sender">The mediator.</param>
    /// <param name="cancellationToken">Aborted with the request.</param>
    public static async Task<Ok<Page<AuditEntryDto>>> ListAuditEntries(
        [FromQuery] string? resourceType,
        [FromQuery] Guid? resourceId,
        [FromQuery] Guid? customerId,
        [FromQuery] string? actor,
        [FromQuery] string? action,
        [FromQuery] DateTimeOffset? from,
        [FromQuery] DateTimeOffset? to,
        [FromQuery] int? limit,
        [FromQuery] string? cursor,
        ISender sender,
        CancellationToken cancellationToken)
    {
        var query = new ListAuditEntriesQuery(
            RequestValues.Enum<AuditResourceType>(resourceType, nameof(resourceType)),
            resourceId,
            customerId,
            actor,
            action,
            from,
            to,
            limit,
            cursor);
        return TypedResults.Ok(await sender.Send(query, cancellationToken));
    }
}
