namespace CustomerRetention.Domain.BuildingBlocks;

/// <summary>
/// A business rule was broken. <see cref="Code"/> is stable and machine-readable (kebab-case);
/// the API turns it into a 409 problem with that code.
/// </summary>
public class DomainException : Exception
{
    public DomainException(string code, string message, IReadOnlyDictionary<string, object?>? details = null)
        : base(message)
    {
        Code = code;
        Details = details ?? new Dictionary<string, object?>();
    }

    public DomainException()
        : this("domain-rule-broken", "A business rule was broken.")
    {
    }

    public DomainException(string message)
        : this("domain-rule-broken", message)
    {
    }

    public DomainException(string message, Exception innerException)
        : base(message, innerException)
    {
        Code = "domain-rule-broken";
        Details = new Dictionary<string, object?>();
    }

    public string Code { get; }

    /// <summary>Extra members for the problem response (e.g. the allowed transitions).</summary>
    public IReadOnlyDictionary<string, object?> Details { get; }
}
