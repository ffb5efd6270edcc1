namespace CustomerRetention.Application.Orders.Contracts;

/// <summary>The deployment's single order currency (<c>Orders:Currency</c>, default USD); other modules' money (a case's refund) is in it too.</summary>
public sealed record OrderSettings(string Currency)
{
    public static OrderSettings Default { get; } = new("USD");
}
