namespace CustomerRetention.Application.Webhooks;

/// <summary>
/// The SSRF guard of webhook URLs (SPEC §10.4): resolves the host and refuses loopback, private,
/// link-local (metadata), shared, multicast and unspecified addresses unless
/// <c>Webhooks:AllowPrivateNetworks</c> is set. Implemented in Infrastructure; the delivery worker
/// runs the same check again at send time and connects only to the vetted address.
/// </summary>
public interface IWebhookAddressGuard
{
    /// <summary>Why the URL's host may not be called, or null when it may (a name that does not resolve yet is allowed here).</summary>
    Task<string?> RefusalAsync(Uri url, CancellationToken cancellationToken);
}
