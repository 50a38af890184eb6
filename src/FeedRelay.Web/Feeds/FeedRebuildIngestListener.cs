using FeedRelay.Feeds;
using FeedRelay.Ingestion;
using FeedRelay.Storage;

namespace FeedRelay.Web.Feeds;

/// <summary>Asks for a rebuild of the feeds an ingested article is in: its source's and <c>all</c>.</summary>
public sealed partial class FeedRebuildIngestListener(IFeedRebuildQueue rebuilds, ILogger<FeedRebuildIngestListener> logger) : IIngestListener
{
    /// <inheritdoc />
    public async Task ArticleStoredAsync(Article article, UpsertOutcome outcome, CancellationToken cancellationToken)
    {
        try
        {
            await rebuilds.RequestAsync([article.SourceSlug, FeedEndpoints.AllSources], cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // The article is stored; its feeds are rebuilt with the next change, and served on demand until then.
            LogRequestFailed(ex, article.Id);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not ask for a rebuild of the feeds of article {ArticleId}")]
    private partial void LogRequestFailed(Exception exception, string articleId);
}
