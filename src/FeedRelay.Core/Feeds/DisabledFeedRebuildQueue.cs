namespace FeedRelay.Feeds;

/// <summary>Nothing is materialised, so nothing is rebuilt.</summary>
public sealed class DisabledFeedRebuildQueue : IFeedRebuildQueue
{
    /// <inheritdoc />
    public Task RequestAsync(IReadOnlyCollection<string> feeds, CancellationToken cancellationToken = default) => Task.CompletedTask;
}
