using FeedRelay.Feeds;
using FeedRelay.Storage.Azure;

namespace FeedRelay.Functions.Feeds;

/// <summary>
/// The queue trigger on <c>feed-rebuilds-poison</c>, where the host puts a rebuild that failed on every attempt: logs it and
/// clears the feed's pending marker, so that the next change of the feed asks for a rebuild again (until then the feed is
/// served as last materialised, and built on demand where nothing is).
/// </summary>
public sealed partial class RebuildFeedsPoisonFunction(AzureFeedRebuildQueue queue, ILogger<RebuildFeedsPoisonFunction> logger)
{
    /// <summary>The function's name.</summary>
    public const string Name = "RebuildFeedsPoison";

    /// <summary>Clears the marker of <paramref name="request"/>'s feed.</summary>
    [Function(Name)]
    public async Task RunAsync(
        [QueueTrigger("feed-rebuilds-poison", Connection = "AzureWebJobsStorage")] FeedRebuildRequest request, CancellationToken cancellationToken)
    {
        LogGaveUp(request.Feed);
        await queue.ClearPendingAsync(request.Feed, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Rebuilding feed {Feed} failed on every attempt; its next change asks again (see RebuildFeeds' invocation logs)")]
    private partial void LogGaveUp(string feed);
}
