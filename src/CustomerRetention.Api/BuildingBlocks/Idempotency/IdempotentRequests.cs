using System.Security.Cryptography;
using System.Text;
using CustomerRetention.Api.BuildingBlocks.Http;
using CustomerRetention.Application.BuildingBlocks.Security;
using CustomerRetention.Infrastructure.BuildingBlocks.Idempotency;

namespace CustomerRetention.Api.BuildingBlocks.Idempotency;

/// <summary>
/// <c>Idempotency-Key</c> on every <c>POST</c> (SPEC §10.3, ADR 20): the first request with a key
/// claims it and runs, its change commits together with the key's "committed" mark (the unit of
/// work), and its answer is stored; a repeat replays that answer with <c>Idempotent-Replayed: true</c>,
/// a repeat while the first still runs is 409 <c>idempotency-key-in-use</c>, and the key with
/// another method, path, query or body is 422 <c>idempotency-key-reused</c>.
/// </summary>
internal static class IdempotentRequests
{
    /// <summary>
    /// After authorization (the key belongs to the caller) and before the endpoint. The exception
    /// handler after it turns the endpoint's exceptions into problems inside the captured answer,
    /// so a 4xx problem is stored and replayed like any other answer.
    /// </summary>
    public static IApplicationBuilder UseIdempotencyKeys(this IApplicationBuilder app)
    {
        app.Use(async (context, next) =>
        {
            if (context.GetEndpoint()?.Metadata.GetMetadata<RequestBodyLimit>() is { } limit
                && context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
            {
                size.MaxRequestBodySize = limit.Bytes;
            }

            if (!HttpMethods.IsPost(context.Request.Method) || context.GetEndpoint() is null
                || IdempotencyKeyHeader.Read(context) is not { } key
                || context.RequestServices.GetRequiredService<ICurrentCaller>().Caller is not { } caller)
            {
                await next(context);
                return;
            }

            await RunOnceAsync(context, next, caller.Actor, key);
        });
        return app.UseExceptionHandler();
    }

    private static async Task RunOnceAsync(HttpContext context, RequestDelegate next, string caller, string key)
    {
        var keys = context.RequestServices.GetRequiredService<IdempotencyKeys>();
        var fingerprint = await FingerprintAsync(context.Request);
        var claim = await keys.ClaimAsync(caller, key, fingerprint, context.RequestAborted);
        if (claim.ClaimId is not { } claimId)
        {
            await ReplayAsync(context, claim.Existing!, fingerprint);
            return;
        }

        context.RequestServices.GetRequiredService<PendingIdempotencyKey>().Hold(claimId);
        var original = context.Response.Body;
        await using var captured = new MemoryStream();
        context.Response.Body = captured;
        try
        {
            await next(context);
        }
        catch
        {
            await ReleaseQuietlyAsync(keys, claimId);
            throw;
        }
        finally
        {
            context.Response.Body = original;
        }

        var status = context.Response.StatusCode;
        if (status >= 500 || status == StatusCodes.Status429TooManyRequests || context.RequestAborted.IsCancellationRequested)
        {
            await ReleaseQuietlyAsync(keys, claimId);
        }
        else
        {
            var headers = context.Response.Headers;
            await keys.CompleteAsync(
                claimId,
                new StoredResponse(status, headers.Location.FirstOrDefault(), headers.ETag.FirstOrDefault(), context.Response.ContentType, captured.ToArray()),
                CancellationToken.None);
        }

        captured.Position = 0;
        await captured.CopyToAsync(original, context.RequestAborted);
    }

    /// <summary>A release that fails (the database went away) leaves the claim to be taken over once abandoned; the answer stands.</summary>
    private static async Task ReleaseQuietlyAsync(IdempotencyKeys keys, Guid claimId)
    {
        try
        {
            await keys.ReleaseAsync(claimId, CancellationToken.None);
        }
        catch (Exception e) when (Infrastructure.Persistence.DatabaseFailures.IsUnavailable(e))
        {
            // IdempotencyOptions.AbandonedAfter frees it.
        }
    }

    private static async Task ReplayAsync(HttpContext context, IdempotencyKeyRecord existing, byte[] fingerprint)
    {
        if (!CryptographicOperations.FixedTimeEquals(existing.Fingerprint, fingerprint))
        {
            throw new IdempotencyKeyException(
                StatusCodes.Status422UnprocessableEntity,
                IdempotencyKeyException.Reused,
                "This Idempotency-Key was used for a different request (method, path, query or body); use a new key for a new request.");
        }

        if (existing.Status != IdempotencyKeyRecord.Completed || existing.ResponseStatus is not { } status)
        {
            throw new IdempotencyKeyException(
                StatusCodes.Status409Conflict,
                IdempotencyKeyException.InUse,
                "A request with this Idempotency-Key is still running; retry after Retry-After seconds to get its answer.");
        }

        context.Response.StatusCode = status;
        context.Response.Headers[IdempotencyKeyHeader.ReplayedHeader] = "true";
        if (existing.ResponseLocation is { } location)
        {
            context.Response.Headers.Location = location;
        }

        if (existing.ResponseETag is { } etag)
        {
            context.Response.Headers.ETag = etag;
        }

        if (existing.ResponseContentType is { } contentType)
        {
            context.Response.ContentType = contentType;
        }

        var body = existing.ResponseBody ?? [];
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body, context.RequestAborted);
    }

    /// <summary>SHA-256 of method, path, query and body: what makes a repeat "the same request".</summary>
    private static async Task<byte[]> FingerprintAsync(HttpRequest request)
    {
        // Bodies up to 1 MiB are buffered in memory; larger ones (an import's file) in a temporary file.
        var limit = request.HttpContext.GetEndpoint()?.Metadata.GetMetadata<RequestBodyLimit>()?.Bytes ?? JsonBodyReader.MaxBytes;
        request.EnableBuffering(JsonBodyReader.MaxBytes);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"{request.Method}\n{request.Path.Value}\n{request.QueryString.Value}\n"));
        var buffer = new byte[16 * 1024];
        long total = 0;
        int read;
        while ((read = await request.Body.ReadAsync(buffer, request.HttpContext.RequestAborted)) > 0)
        {
            total += read;
            if (total > limit)
            {
                throw new RequestRejectedException(StatusCodes.Status413PayloadTooLarge, $"The request body is larger than {limit / 1024} KiB.");
            }

            hash.AppendData(buffer, 0, read);
        }

        request.Body.Position = 0;
        return hash.GetHashAndReset();
    }
}
