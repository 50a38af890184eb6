using System.Net.Http;
using Azure;
using Azure.Identity;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Data.Sqlite;

namespace FeedRelay.Web.Operations;

/// <summary>
/// Turns a request that failed because a dependency (storage, its credentials, the network, the disk) is unavailable into
/// a <c>503</c> problem-details answer with <c>Retry-After</c>, instead of an empty <c>500</c>; the dependency's state is in
/// <c>/api/health</c>. One warning is logged per kind of failure and minute, not one per request, so an outage does not
/// flood the log. Any other exception is left to the host (a <c>500</c> problem, logged). Both hosts use it: the server
/// through <c>UseExceptionHandler</c>, the Functions worker through its middleware.
/// </summary>
public sealed partial class DependencyFailureHandler(TimeProvider clock, ILogger<DependencyFailureHandler> logger) : IExceptionHandler
{
    /// <summary>What the answer asks clients to wait before trying again.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan LogInterval = TimeSpan.FromMinutes(1);
    private readonly Lock _lock = new();
    private string? _lastKind;
    private DateTimeOffset _lastLogged;
    private long _suppressed;

    /// <summary>Answers <c>503</c> when <paramref name="exception"/> is a dependency failure; false otherwise.</summary>
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (Describe(exception) is not { } kind || httpContext.Response.HasStarted)
        {
            return false;
        }

        LogOncePerInterval(kind, exception);
        var response = httpContext.Response;
        response.Headers.RetryAfter = ((int)RetryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        response.Headers.CacheControl = "no-store";
        await TypedResults.Problem(
            title: "A dependency is unavailable",
            detail: $"{kind}. The request can be retried later; /api/health shows which part is failing.",
            statusCode: StatusCodes.Status503ServiceUnavailable).ExecuteAsync(httpContext).ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// A short description of <paramref name="exception"/> (or an inner one) when it says a dependency is unavailable, without
    /// its message (which may carry request details); null for anything else.
    /// </summary>
    public static string? Describe(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            var kind = current switch
            {
                AuthenticationFailedException or CredentialUnavailableException => "storage credentials were refused",
                RequestFailedException { Status: 0 } => "storage cannot be reached",
                RequestFailedException { Status: 401 or 403 } failed => $"storage refused the request ({StatusOf(failed)})",
                RequestFailedException { Status: 408 or 429 or >= 500 } failed => $"storage is failing ({StatusOf(failed)})",
                SqliteException { SqliteErrorCode: 5 or 6 or 7 or 8 or 10 or 13 or 14 } sqlite => $"the database is unavailable (SQLite error {sqlite.SqliteErrorCode})",
                // Before its inner exceptions: a request cancelled by its timeout wraps the socket's IOException, not a disk's.
                OperationCanceledException => "a dependency did not answer in time",
                HttpRequestException { StatusCode: { } status } => $"a dependency answered {(int)status}",
                HttpRequestException or TimeoutException => "a dependency cannot be reached",
                IOException => "the disk is failing",
                _ => null,
            };
            if (kind is not null)
            {
                return kind;
            }
        }

        return null;
    }

    private static string StatusOf(RequestFailedException failed) =>
        failed.ErrorCode is { Length: > 0 } code ? $"{failed.Status} {code}" : failed.Status.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private void LogOncePerInterval(string kind, Exception exception)
    {
        var now = clock.GetUtcNow();
        long suppressed;
        lock (_lock)
        {
            if (kind == _lastKind && now - _lastLogged < LogInterval)
            {
                _suppressed++;
                return;
            }

            suppressed = _suppressed;
            (_lastKind, _lastLogged, _suppressed) = (kind, now, 0);
        }

        LogUnavailable(exception, kind, suppressed);
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Answering 503 because {Kind} (and {Suppressed} more requests since the last such warning)")]
    private partial void LogUnavailable(Exception exception, string kind, long suppressed);
}
