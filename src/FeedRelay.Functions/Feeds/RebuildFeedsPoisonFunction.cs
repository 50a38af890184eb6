using FeedRelay.Feeds;
using FeedRelay.Storage.Azure;

namespace FeedRelay.Functions.Feeds;

/// <summary>
/// The queue trigger on <c>feed-rebuilds-poison</c>, where the host puts a rebuild that failed on every attempt: logs it and
/// asks for the rebuild again after <see cref="AzureFeedRebuildQueue.RetryDelay"/> (a new marker and message), so that a feed
/// is not left stale until its source changes again; meanwhile it is served as last materialised.
/// </summary>
public sealed partial class RebuildFeedsPoisonFunction(AzureFeedRebuildQueue queue, ILogger<RebuildFeedsPoisonFunction> logger)
{
    /// <summary>The function's name.</summary>
    public const string Name = "RebuildFeedsPoison";

    /// <summary>Asks again for the rebuild of <paramref name="request"/>'s feed, later.</summary>
    [Function(Name)]
    public async Task RunAsync(
        [QueueTrigger("feed-rebuilds-poison", Connection = "AzureWebJobsStorage")] FeedRebuildRequest request, CancellationToken cancellationToken)
    {
        await queue.RetryAsync(request.Feed, cancellationToken);
        LogRequeued(request.Feed, queue.RetryDelay);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Rebuilding feed {Feed} failed on every attempt (see RebuildFeeds' invocation logs); asked again in {Delay}")]
    private partial void LogRequeued(string feed, TimeSpan delay);
}
