namespace FeedRelay.Feeds;

/// <summary>
/// Shared storage of materialised feed documents (the default document of every feed, format and view), so that every
/// instance serves the same bytes and ETags without building them and without talking to the others. Always registered:
/// where there is nothing to share (SQLite, one process) <see cref="IsEnabled"/> is false and nothing is stored.
/// </summary>
public interface IFeedDocumentStore
{
    /// <summary>True when documents are stored and served from storage.</summary>
    bool IsEnabled { get; }

    /// <summary>
    /// Reads the document <paramref name="name"/>; with <paramref name="ifNoneMatch"/> (a storage ETag from an earlier read)
    /// the read is conditional and answers <see cref="FeedDocumentReadStatus.NotModified"/> without the bytes while it still matches.
    /// </summary>
    Task<FeedDocumentRead> ReadAsync(string name, string? ifNoneMatch, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores <paramref name="document"/> as <paramref name="name"/> unless the stored one is newer (higher
    /// <see cref="StoredFeedDocument.Version"/>) or has the same bytes; a stored document of the same version with other bytes
    /// is replaced only when <paramref name="overwriteSameVersion"/>. Conditional on the stored document's ETag, so that
    /// concurrent writers never overwrite each other blindly.
    /// </summary>
    Task<FeedDocumentWriteResult> WriteAsync(string name, StoredFeedDocument document, bool overwriteSameVersion, CancellationToken cancellationToken = default);

    /// <summary>Removes the document <paramref name="name"/> (its feed no longer exists); nothing when there is none.</summary>
    Task DeleteAsync(string name, CancellationToken cancellationToken = default);
}
