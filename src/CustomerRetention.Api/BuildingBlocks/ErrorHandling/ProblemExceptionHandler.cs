using System.Diagnostics;
using CustomerRetention.Api.BuildingBlocks.Http;
using CustomerRetention.Api.BuildingBlocks.Idempotency;
using CustomerRetention.Application.BuildingBlocks.Exceptions;
using CustomerRetention.Application.BuildingBlocks.Security;
using CustomerRetention.Domain.BuildingBlocks;
using CustomerRetention.Infrastructure.Persistence;
using FluentValidation;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace CustomerRetention.Api.BuildingBlocks.ErrorHandling;

/// <summary>
/// The one place exceptions become RFC 9457 problems (API.md §1). Client mistakes get their
/// 4xx status and a detail a program can act on; anything unexpected is logged with the trace id
/// and answered with a bare 500 that leaks nothing.
/// </summary>
internal sealed partial class ProblemExceptionHandler(IProblemDetailsService problems, DatabaseAvailability availability, ILogger<ProblemExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception switch
        {
            ValidationException e => Validation(e),
            RequestRejectedException e => Rejected(e),
            BadHttpRequestException e => BadRequest(httpContext, e),
            DomainValidationException e => new HttpValidationProblemDetails(new Dictionary<string, string[]> { [e.Member] = [e.Message] })
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "One or more validation errors occurred.",
                Detail = e.Message,
            },
            NotFoundException e => Problem(StatusCodes.Status404NotFound, "Not found", e.Message),
            Application.Imports.ImportTooLargeException e => Problem(StatusCodes.Status413PayloadTooLarge, "Payload too large", e.Message),
            DomainException e => Conflict(e),
            PreconditionFailedException e => Problem(StatusCodes.Status412PreconditionFailed, "Precondition failed", e.Message),
            GoneException e => Coded(StatusCodes.Status410Gone, "Gone", e.Message, e.Code),
            ForbiddenException e => Coded(StatusCodes.Status403Forbidden, "Forbidden", e.Message, e.Code),
            IdempotencyKeyException e => Idempotency(httpContext, e),
            ConcurrencyConflictException e => Coded(StatusCodes.Status409Conflict, "Concurrent modification", e.Message + " Read it again and retry.", "concurrent-modification"),
            OperationCanceledException when httpContext.RequestAborted.IsCancellationRequested => null,
            _ when DatabaseFailures.IsUnavailable(exception) => Unavailable(httpContext, exception),
            _ => null,
        };

        if (problem is null)
        {
            if (httpContext.RequestAborted.IsCancellationRequested)
            {
                return true;
            }

            LogUnhandled(logger, exception, Activity.Current?.Id ?? httpContext.TraceIdentifier);
            problem = Problem(StatusCodes.Status500InternalServerError, "Internal server error", "An unexpected error occurred. Quote the traceId when reporting it.");
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    /// <summary>A key in use says when to ask again; the first request's answer is usually stored by then.</summary>
    private static ProblemDetails Idempotency(HttpContext httpContext, IdempotencyKeyException e)
    {
        if (e.Status == StatusCodes.Status409Conflict)
        {
            httpContext.Response.Headers.RetryAfter = "1";
        }

        return Coded(e.Status, e.Status == StatusCodes.Status409Conflict ? "Conflict" : "Unprocessable content", e.Message, e.Code);
    }

    private static HttpValidationProblemDetails Validation(ValidationException e)
    {
        var errors = e.Errors
            .GroupBy(f => string.IsNullOrEmpty(f.PropertyName) ? "body" : f.PropertyName, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(f => f.ErrorMessage).Distinct().ToArray(), StringComparer.Ordinal);
        return new HttpValidationProblemDetails(errors)
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "One or more validation errors occurred.",
            Detail = "See errors for the members that are not valid.",
        };
    }

    private static ProblemDetails Rejected(RequestRejectedException e) =>
        e.Errors.Count > 0
            ? new HttpValidationProblemDetails(e.Errors.ToDictionary(x => x.Key, x => x.Value, StringComparer.Ordinal))
            {
                Status = e.Status,
                Title = "The request is not valid.",
                Detail = e.Message,
            }
            : Problem(e.Status, Title(e.Status), e.Message);

    /// <summary>
    /// Framework binding failures (query strings, route values, oversized bodies). A value that does
    /// not convert to its parameter's type is named from the endpoint's parameters (<see cref="BindFailure"/>),
    /// not read out of the framework's message.
    /// </summary>
    private static ProblemDetails BadRequest(HttpContext httpContext, BadHttpRequestException e)
    {
        if (e.StatusCode == StatusCodes.Status400BadRequest && BindFailure.Find(httpContext) is { } failure)
        {
            var errors = new Dictionary<string, string[]>
            {
                [failure.Name] = [$"'{InputText.Printable(failure.Value)}' is not a valid {Friendly(failure.Type)}."],
            };
            return new HttpValidationProblemDetails(errors)
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "One or more validation errors occurred.",
                Detail = $"The parameter '{failure.Name}' could not be read.",
            };
        }

        var status = e.StatusCode is >= 400 and < 500 ? e.StatusCode : StatusCodes.Status400BadRequest;
        var detail = status == StatusCodes.Status413PayloadTooLarge
            ? $"The request body is larger than {(httpContext.GetEndpoint()?.Metadata.GetMetadata<Http.RequestBodyLimit>()?.Bytes ?? Http.JsonBodyReader.MaxBytes) / 1024} KiB."
            : "The request could not be read.";
        return Problem(status, Title(status), detail);
    }

    private static ProblemDetails Conflict(DomainException e)
    {
        var problem = Coded(StatusCodes.Status409Conflict, "Conflict", e.Message, e.Code);
        foreach (var (key, value) in e.Details)
        {
            problem.Extensions[key] = value;
        }

        return problem;
    }

    private static ProblemDetails Coded(int status, string title, string detail, string code)
    {
        var problem = Problem(status, title, detail);
        problem.Extensions["code"] = code;
        return problem;
    }

    private static ProblemDetails Problem(int status, string title, string detail) =>
        new() { Status = status, Title = title, Detail = detail };

    private static string Title(int status) => status switch
    {
        StatusCodes.Status413PayloadTooLarge => "Payload too large",
        StatusCodes.Status415UnsupportedMediaType => "Unsupported media type",
        _ => "Bad request",
    };

    private static string Friendly(Type type) => type switch
    {
        _ when type == typeof(int) || type == typeof(long) => "integer",
        _ when type == typeof(decimal) || type == typeof(double) => "number",
        _ when type == typeof(Guid) => "UUID",
        _ when type == typeof(DateTimeOffset) || type == typeof(DateTime) => "RFC 3339 timestamp (e.g. 2026-01-31T09:30:00Z)",
        _ when type == typeof(DateOnly) => "date (YYYY-MM-DD)",
        _ when type == typeof(bool) => "boolean (true or false)",
        _ => type.Name,
    };

    /// <summary>
    /// A database outage is not a bug: 503 with Retry-After. The first refused request of an outage
    /// is logged as a one-line warning, the others at Debug (the end is logged once by
    /// <see cref="DatabaseAvailability"/>), so an outage under load stays a handful of lines.
    /// </summary>
    private ProblemDetails Unavailable(HttpContext httpContext, Exception exception)
    {
        var traceId = Activity.Current?.Id ?? httpContext.TraceIdentifier;
        if (availability.ReportUnavailable())
        {
            LogUnavailable(logger, exception.GetBaseException().Message, traceId);
        }
        else
        {
            LogStillUnavailable(logger, traceId);
        }

        httpContext.Response.Headers.RetryAfter = RetryAfterSeconds;
        return Problem(StatusCodes.Status503ServiceUnavailable, "Service unavailable", "The database is unavailable. Retry after the number of seconds in Retry-After.");
    }

    private const string RetryAfterSeconds = "5";

    [LoggerMessage(Level = LogLevel.Warning, Message = "Database unavailable, answering 503 until it is back (first traceId {TraceId}): {Reason}")]
    private static partial void LogUnavailable(ILogger logger, string reason, string traceId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Database still unavailable, answered 503 (traceId {TraceId})")]
    private static partial void LogStillUnavailable(ILogger logger, string traceId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception (traceId {TraceId})")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string traceId);
}
