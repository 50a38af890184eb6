namespace FeedRelay.Feeds;

/// <summary>No shared feed documents (SQLite, or one process): feeds are built on demand and cached per index version.</summary>
public sealed class DisabledFeedDocumentStore : IFeedDocumentStore
{
    /// <inheritdoc />
    public bool IsEnabled => false;

    /// <inheritdoc />
    public Task<FeedDocumentRead> ReadAsync(string name, string? ifNoneMatch, CancellationToken cancellationToken = default) =>
        Task.FromResult(FeedDocumentRead.Missing);

    /// <inheritdoc />
    public Task<FeedDocumentWriteResult> WriteAsync(string name, StoredFeedDocument document, bool overwriteSameVersion, CancellationToken cancellationToken = default) =>
        Task.FromResult(FeedDocumentWriteResult.Superseded);

    /// <inheritdoc />
    public Task DeleteAsync(string name, CancellationToken cancellationToken = default) => Task.CompletedTask;
}
