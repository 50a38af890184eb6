using Azure.Core;
using Azure.Core.Pipeline;

namespace FeedRelay.Storage.Azure;

/// <summary>Counts the HTTP requests the storage clients send (every retry included), for diagnostics and tests.</summary>
public sealed class RequestCounter : HttpPipelineSynchronousPolicy
{
    private long _count;

    /// <summary>Requests sent so far.</summary>
    public long Count => Interlocked.Read(ref _count);

    /// <inheritdoc />
    public override void OnSendingRequest(HttpMessage message) => Interlocked.Increment(ref _count);
}
