namespace CustomerRetention.Application.BuildingBlocks.Exceptions;

/// <summary>A row changed between read and write (optimistic concurrency on <c>xmin</c>).</summary>
public sealed class ConcurrencyConflictException : Exception
{
    public ConcurrencyConflictException()
        : base("The resource was changed by another request at the same time.")
    {
    }

    public ConcurrencyConflictException(string message)
        : base(message)
    {
    }

    public ConcurrencyConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
