namespace FeedRelay.Feeds;

/// <summary>
/// Asks for the materialised documents of feeds to be rebuilt after their articles changed. Implementations coalesce: a
/// burst of requests for one feed yields one rebuild, after a short delay, from the index as it is then.
/// </summary>
public interface IFeedRebuildQueue
{
    /// <summary>Asks for a rebuild of every feed in <paramref name="feeds"/> (<c>all</c> or source slugs); cheap when one is already pending.</summary>
    Task RequestAsync(IReadOnlyCollection<string> feeds, CancellationToken cancellationToken = default);
}
