namespace CustomerRetention.Api.BuildingBlocks.Idempotency;

/// <summary>A repeat that cannot be replayed: the key is in use by a running request (409) or was used for another request (422).</summary>
public sealed class IdempotencyKeyException : Exception
{
    public const string InUse = "idempotency-key-in-use";

    public const string Reused = "idempotency-key-reused";

    public IdempotencyKeyException(int status, string code, string message)
        : base(message)
    {
        Status = status;
        Code = code;
    }

    public IdempotencyKeyException()
        : this(StatusCodes.Status409Conflict, InUse, "The Idempotency-Key is in use.")
    {
    }

    public IdempotencyKeyException(string message)
        : this(StatusCodes.Status409Conflict, InUse, message)
    {
    }

    public IdempotencyKeyException(string message, Exception innerException)
        : base(message, innerException)
    {
        Status = StatusCodes.Status409Conflict;
        Code = InUse;
    }

    public int Status { get; }

    public string Code { get; }
}
