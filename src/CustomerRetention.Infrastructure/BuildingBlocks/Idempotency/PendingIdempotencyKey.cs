namespace CustomerRetention.Infrastructure.BuildingBlocks.Idempotency;

/// <summary>
/// The key the current request claimed (scoped: one per request). The unit of work
/// (<c>AppDbContext.SaveChangesAsync</c>) marks it committed inside the transaction of the
/// request's change, so the change and "this key did it" commit or roll back together (ADR 20).
/// </summary>
public sealed class PendingIdempotencyKey
{
    /// <summary>The claim the request holds, until its first unit of work has marked it.</summary>
    public Guid? ClaimToMark { get; private set; }

    public void Hold(Guid claimId) => ClaimToMark = claimId;

    /// <summary>Called once the mark is written: later saves of the request (rare) do not write it again.</summary>
    public void Marked() => ClaimToMark = null;
}
