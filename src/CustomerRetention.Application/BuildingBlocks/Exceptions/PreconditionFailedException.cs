namespace CustomerRetention.Application.BuildingBlocks.Exceptions;

/// <summary>The client's <c>If-Match</c> ETag is stale; the API answers 412.</summary>
public sealed class PreconditionFailedException : Exception
{
    public PreconditionFailedException()
        : base("The resource has changed since it was read: its ETag no longer matches If-Match. Read it again and retry.")
    {
    }

    public PreconditionFailedException(string message)
        : base(message)
    {
    }

    public PreconditionFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
