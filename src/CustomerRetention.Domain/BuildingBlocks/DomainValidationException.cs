namespace CustomerRetention.Domain.BuildingBlocks;

/// <summary>
/// An input that is well-formed but contradicts the entity's state (e.g. a transition dated
/// before the previous one). The API answers 400 with the error under <see cref="Member"/>.
/// </summary>
public class DomainValidationException : Exception
{
    public DomainValidationException(string member, string message)
        : base(message)
    {
        Member = member;
    }

    public DomainValidationException()
        : this("body", "The input contradicts the current state.")
    {
    }

    public DomainValidationException(string message)
        : this("body", message)
    {
    }

    public DomainValidationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Member = "body";
    }

    /// <summary>The JSON path of the offending member.</summary>
    public string Member { get; }
}
