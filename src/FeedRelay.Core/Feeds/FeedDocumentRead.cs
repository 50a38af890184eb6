namespace FeedRelay.Feeds;

/// <summary>What a conditional read of a materialised feed document found.</summary>
/// <param name="Status">Found, not modified since the ETag the reader holds, or missing.</param>
/// <param name="Document">The document when <see cref="FeedDocumentReadStatus.Found"/>.</param>
/// <param name="ETag">The storage ETag of the document read (found or not modified), for the next conditional read.</param>
public sealed record FeedDocumentRead(FeedDocumentReadStatus Status, StoredFeedDocument? Document, string? ETag)
{
    /// <summary>No such document is stored.</summary>
    public static FeedDocumentRead Missing { get; } = new(FeedDocumentReadStatus.Missing, null, null);
}

/// <summary>Outcome of <see cref="IFeedDocumentStore.ReadAsync"/>.</summary>
public enum FeedDocumentReadStatus
{
    /// <summary>No document is stored under the name.</summary>
    Missing,

    /// <summary>The stored document still has the ETag the reader sent: keep serving its copy.</summary>
    NotModified,

    /// <summary>The stored document, read in full.</summary>
    Found,
}
