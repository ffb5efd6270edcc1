namespace CustomerRetention.Domain.Customers;

/// <summary>Marketing consent per channel; everything is false until the customer opts in.</summary>
public sealed record Consent(bool Email, bool Sms, bool Phone)
{
    public static Consent None { get; } = new(false, false, false);
}
