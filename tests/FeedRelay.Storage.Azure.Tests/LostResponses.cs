using Azure.Core;
using Azure.Core.Pipeline;

namespace FeedRelay.Tests.Storage;

/// <summary>
/// A storage client policy (per retry) that lets the first <paramref name="count"/> requests matching
/// <paramref name="match"/> reach storage and succeed, then loses their responses as a dropped connection would: the
/// client's retry meets the change its first try made.
/// </summary>
internal sealed class LostResponses(Func<HttpMessage, bool> match, int count = 1) : HttpPipelinePolicy
{
    private int _matched;

    /// <summary>Responses lost so far.</summary>
    public int Lost => Math.Min(Volatile.Read(ref _matched), count);

    /// <summary>True when <paramref name="message"/> is a <paramref name="method"/> whose path ends with <paramref name="pathEnd"/>.</summary>
    public static bool Is(HttpMessage message, RequestMethod method, string pathEnd) =>
        message.Request.Method == method && message.Request.Uri.Path.EndsWith(pathEnd, StringComparison.Ordinal);

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        await ProcessNextAsync(message, pipeline);
        if (message.Response.Status is >= 200 and < 300 && match(message) && Interlocked.Increment(ref _matched) <= count)
        {
            throw new IOException("The connection closed before the response arrived (test).");
        }
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        throw new NotSupportedException("The storage clients send asynchronously.");
}
