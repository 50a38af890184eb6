using FeedRelay.Storage;

namespace FeedRelay.Ingestion;

/// <summary>
/// Told about every article ingestion stored (for example, to queue its translation), <see cref="UpsertOutcome.Unchanged"/>
/// ones included: the store commits before listeners are told, so a crash or a failed listener in between leaves work that
/// only the next ingestion of the same seed can finish (the seeds ledger records a seed only once its listeners are done;
/// a failed Functions trigger runs again). A listener with nothing to finish for an unchanged article returns at once.
/// </summary>
public interface IIngestListener
{
    /// <summary>
    /// Called after <paramref name="article"/> (as stored) was stored with <paramref name="outcome"/>. Throws when the work
    /// must be tried again with the seed; returns when it is done or can be left to a later change.
    /// </summary>
    Task ArticleStoredAsync(Article article, UpsertOutcome outcome, CancellationToken cancellationToken);
}
