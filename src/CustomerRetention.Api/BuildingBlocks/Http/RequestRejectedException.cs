namespace CustomerRetention.Api.BuildingBlocks.Http;

/// <summary>
/// The request itself is unacceptable (body too large, wrong media type, malformed JSON, unknown
/// members or query parameters). Carries the HTTP status and per-member errors for the problem.
/// </summary>
public sealed class RequestRejectedException : Exception
{
    public RequestRejectedException(int status, string message, IReadOnlyDictionary<string, string[]>? errors = null)
        : base(message)
    {
        Status = status;
        Errors = errors ?? new Dictionary<string, string[]>();
    }

    public RequestRejectedException()
        : this(StatusCodes.Status400BadRequest, "The request is malformed.")
    {
    }

    public RequestRejectedException(string message)
        : this(StatusCodes.Status400BadRequest, message)
    {
    }

    public RequestRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
        Status = StatusCodes.Status400BadRequest;
        Errors = new Dictionary<string, string[]>();
    }

    public int Status { get; }

    public IReadOnlyDictionary<string, string[]> Errors { get; }
}
