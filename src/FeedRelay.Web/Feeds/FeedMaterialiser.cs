using FeedRelay.Feeds;
using Microsoft.Extensions.Options;

namespace FeedRelay.Web.Feeds;

/// <summary>
/// Rebuilds the materialised documents of one feed: builds all nine (three formats × three views) from one read of the
/// store at the store's current version and writes each whose bytes changed, never over a document of a newer version.
/// When a document of the same version but other bytes is found (this build raced with a write whose index rows were not
/// complete yet), it builds again from the index as it is now, so that the last build of a version wins, not a stale one.
/// </summary>
public sealed partial class FeedMaterialiser(
    FeedBuilder builder,
    IFeedDocumentStore documents,
    IOptions<FeedRelayOptions> relay,
    IOptions<FeedServingOptions> serving,
    ILogger<FeedMaterialiser> logger)
{
    private const int MaxAttempts = 3;

    private readonly Uri? _baseUrl = BaseUrlOf(relay.Value, serving.Value, documents);

    /// <summary>True when documents are materialised at all (backend, option and public base URL).</summary>
    public bool IsEnabled => _baseUrl is not null;

    /// <summary>
    /// The public base URL materialised documents are made for, or null when none are: the backend shares none, the option
    /// is off, or no <c>FeedRelay:PublicBaseUrl</c> is configured (links would depend on each request's host).
    /// </summary>
    public static Uri? BaseUrlOf(FeedRelayOptions relay, FeedServingOptions serving, IFeedDocumentStore documents)
    {
        if (!documents.IsEnabled || !serving.Materialise || string.IsNullOrWhiteSpace(relay.PublicBaseUrl))
        {
            return null;
        }

        var text = relay.PublicBaseUrl;
        return new Uri(text.EndsWith('/') ? text : text + "/");
    }

    /// <summary>Rebuilds the documents of <paramref name="feed"/> (<c>all</c> or a source slug); returns how many were written.</summary>
    public async Task<int> RebuildAsync(string feed, CancellationToken cancellationToken)
    {
        if (_baseUrl is not { } baseUrl)
        {
            return 0;
        }

        var written = 0;
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var built = await builder.BuildDefaultsAsync(feed, baseUrl, cancellationToken).ConfigureAwait(false);
            if (built is null)
            {
                // Its source has no articles left (they moved to another source): what was stored for it must not be served.
                foreach (var format in FeedDocumentNames.Formats)
                {
                    foreach (var view in FeedViews.All)
                    {
                        await documents.DeleteAsync(FeedDocumentNames.Of(feed, format, view), cancellationToken).ConfigureAwait(false);
                    }
                }

                LogNoSuchFeed(feed);
                return written;
            }

            var conflicts = 0;
            foreach (var (name, snapshot) in built)
            {
                var result = await documents.WriteAsync(name, snapshot.ToStored(baseUrl), overwriteSameVersion: attempt == MaxAttempts, cancellationToken)
                    .ConfigureAwait(false);
                written += result == FeedDocumentWriteResult.Written ? 1 : 0;
                conflicts += result == FeedDocumentWriteResult.Conflict ? 1 : 0;
            }

            if (conflicts == 0)
            {
                LogRebuilt(feed, built[0].Snapshot.Version, written);
                return written;
            }

            LogConflict(feed, conflicts, attempt);
        }

        return written;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Feed {Feed} rebuilt at version {Version}: {Written} of its documents changed")]
    private partial void LogRebuilt(string feed, long version, int written);

    [LoggerMessage(Level = LogLevel.Information, Message = "Feed {Feed}: {Conflicts} documents of the same version differ (attempt {Attempt}); building again")]
    private partial void LogConflict(string feed, int conflicts, int attempt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Feed {Feed} does not exist (no articles); its stored documents are removed")]
    private partial void LogNoSuchFeed(string feed);
}
