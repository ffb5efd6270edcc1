using AutoMapper;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Application.BuildingBlocks.Json;
using CustomerRetention.Domain.Interactions;
using Microsoft.EntityFrameworkCore;

namespace CustomerRetention.Application.Interactions.Contracts;

/// <summary>What other modules read of interactions: one interaction as the API returns it, and the channel and direction vocabulary.</summary>
internal static class InteractionReads
{
    /// <summary>The channels as the API spells them (<c>phone</c>, <c>email</c>, …).</summary>
    public static IReadOnlyList<string> Channels { get; } = ApiJson.EnumValues(typeof(InteractionChannel));

    /// <summary>The directions as the API spells them (<c>inbound</c>, <c>outbound</c>).</summary>
    public static IReadOnlyList<string> Directions { get; } = ApiJson.EnumValues(typeof(InteractionDirection));

    /// <summary>A live interaction (tracked ones included, e.g. one recorded in the current unit of work), or null.</summary>
    public static async Task<InteractionDto?> FindDtoAsync(this IApplicationDbContext db, IMapper mapper, Guid id, CancellationToken cancellationToken) =>
        await db.Interactions.FirstOrDefaultAsync(i => i.Id == id && i.DeletedAt == null, cancellationToken) is { } interaction
            ? mapper.Map<InteractionDto>(interaction)
            : null;
}
