using FeedRelay.Feeds;
using FeedRelay.Storage.Azure;
using FeedRelay.Web.Feeds;

namespace FeedRelay.Functions.Feeds;

/// <summary>
/// The queue trigger on <c>feed-rebuilds</c>: clears the feed's pending marker (so that a change from now on asks for a new
/// rebuild), then rebuilds its materialised documents from the index as it is now (<see cref="FeedMaterialiser"/>). A storage
/// failure throws, so that the message becomes visible again (and lands in <c>feed-rebuilds-poison</c> after the host's
/// <c>maxDequeueCount</c>, see <see cref="RebuildFeedsPoisonFunction"/>).
/// </summary>
public sealed partial class RebuildFeedsFunction(AzureFeedRebuildQueue queue, FeedMaterialiser materialiser, ILogger<RebuildFeedsFunction> logger)
{
    /// <summary>The function's name.</summary>
    public const string Name = "RebuildFeeds";

    /// <summary>Rebuilds the documents of <paramref name="request"/>'s feed.</summary>
    [Function(Name)]
    public async Task RunAsync([QueueTrigger("feed-rebuilds", Connection = "AzureWebJobsStorage")] FeedRebuildRequest request, CancellationToken cancellationToken)
    {
        await queue.ClearPendingAsync(request.Feed, cancellationToken);
        var written = await materialiser.RebuildAsync(request.Feed, cancellationToken);
        LogRebuilt(request.Feed, written);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Feed {Feed} rebuilt: {Written} documents written")]
    private partial void LogRebuilt(string feed, int written);
}
