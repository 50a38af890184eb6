using Azure.Core;
using Azure.Core.Pipeline;

namespace FeedRelay.Storage.Azure;

/// <summary>
/// Counts the HTTP requests the storage clients send (every retry included), for diagnostics and tests, and the requests
/// of the calls made inside a <see cref="CountAttempts"/> scope: whether the client's retry policy sent one call twice.
/// </summary>
public sealed class RequestCounter : HttpPipelineSynchronousPolicy
{
    private const string AttemptsKey = "FeedRelay.Attempts";
    private long _count;

    /// <summary>Requests sent so far.</summary>
    public long Count => Interlocked.Read(ref _count);

    /// <summary>
    /// Counts the requests sent for the storage calls made on this async flow until the result is disposed. A call whose
    /// first try reached storage but whose response was lost is sent again: a count above one says so.
    /// </summary>
    public static CallAttempts CountAttempts() => new(AttemptsKey);

    /// <inheritdoc />
    public override void OnSendingRequest(HttpMessage message)
    {
        Interlocked.Increment(ref _count);
        if (message.TryGetProperty(AttemptsKey, out var value) && value is CallAttempts attempts)
        {
            attempts.Sent();
        }
    }
}
