namespace CustomerRetention.Api.BuildingBlocks.Security;

/// <summary>
/// Why a credential was refused, in words fit for the caller (the problem's <c>detail</c> of the
/// 401): raised by the API key scheme and by the checks on a validated token's claims.
/// </summary>
public sealed class CredentialRefusedException : Exception
{
    public CredentialRefusedException(string message)
        : base(message)
    {
    }

    public CredentialRefusedException()
        : this("The credential was refused.")
    {
    }

    public CredentialRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
