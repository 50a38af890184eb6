namespace FeedRelay.Feeds;

/// <summary>A queued request to rebuild the materialised documents of one feed.</summary>
/// <param name="Feed"><c>all</c> or a source slug.</param>
public sealed record FeedRebuildRequest(string Feed);
