namespace CustomerRetention.Application.BuildingBlocks.Exceptions;

/// <summary>A unique index refused a row; <see cref="ConstraintName"/> names the index.</summary>
public sealed class UniqueConstraintViolationException : Exception
{
    public UniqueConstraintViolationException(string? constraintName, Exception innerException)
        : base($"Unique constraint '{constraintName}' was violated.", innerException)
    {
        ConstraintName = constraintName;
    }

    public UniqueConstraintViolationException()
    {
    }

    public UniqueConstraintViolationException(string message)
        : base(message)
    {
    }

    public string? ConstraintName { get; }
}
