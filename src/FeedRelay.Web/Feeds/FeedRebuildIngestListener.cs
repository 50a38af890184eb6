using FeedRelay.Feeds;
using FeedRelay.Ingestion;
using FeedRelay.Storage;

namespace FeedRelay.Web.Feeds;

/// <summary>
/// Asks for a rebuild of the feeds an ingested article is in: its source's and <c>all</c>. Unchanged articles too: a
/// materialised document is served as it stands, so a request lost between storing the article and asking (a crash, a
/// failed write) would leave the feed stale until its next change; ingesting the same seed again finishes it. A failed
/// request throws, so that the seed is not recorded as done and is ingested again. Requests are coalesced per feed.
/// </summary>
public sealed class FeedRebuildIngestListener(IFeedRebuildQueue rebuilds) : IIngestListener
{
    /// <inheritdoc />
    public Task ArticleStoredAsync(Article article, UpsertOutcome outcome, CancellationToken cancellationToken) =>
        rebuilds.RequestAsync([article.SourceSlug, FeedEndpoints.AllSources], cancellationToken);
}
