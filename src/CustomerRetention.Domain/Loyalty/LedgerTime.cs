namespace CustomerRetention.Domain.Loyalty;

/// <summary>
/// When a ledger command runs: the UTC instant (pending points compare instants) and that
/// instant's date in the deployment time zone (expiry compares local dates). The caller converts
/// once, so the domain never needs a time zone.
/// </summary>
public readonly record struct LedgerTime(DateTimeOffset At, DateOnly Today);
