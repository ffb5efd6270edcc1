namespace CustomerRetention.Application.BuildingBlocks.Exceptions;

/// <summary>What the client asks for existed but was removed for good (an expired feed position); the API answers 410 with <see cref="Code"/>.</summary>
public sealed class GoneException : Exception
{
    public GoneException()
        : this("gone", "The resource was removed.")
    {
    }

    public GoneException(string message)
        : this("gone", message)
    {
    }

    public GoneException(string message, Exception innerException)
        : base(message, innerException)
    {
        Code = "gone";
    }

    public GoneException(string code, string message)
        : base(message)
    {
        Code = code;
    }

    public string Code { get; }
}
