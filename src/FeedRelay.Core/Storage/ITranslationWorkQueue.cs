namespace FeedRelay.Storage;

/// <summary>
/// A translation queue that a local worker drains itself (the file and SQLite queues; the Azure queue has its own trigger):
/// look at the item due soonest, then complete it or park it for a later try. Nothing is dropped.
/// </summary>
public interface ITranslationWorkQueue : ITranslationQueue
{
    /// <summary>The item due soonest if it is due now, else null; it stays queued until completed or parked.</summary>
    Task<QueuedTranslation?> NextDueAsync(CancellationToken cancellationToken = default);

    /// <summary>Removes <paramref name="item"/>, unless the article was queued again while it was being worked on.</summary>
    Task CompleteAsync(QueuedTranslation item, CancellationToken cancellationToken = default);

    /// <summary>Keeps <paramref name="item"/> for a try at <paramref name="retryAt"/>, one attempt more, with why it failed.</summary>
    Task ParkAsync(QueuedTranslation item, string reason, DateTimeOffset retryAt, CancellationToken cancellationToken = default);

    /// <summary>Waits until something is enqueued or <paramref name="timeout"/> passes.</summary>
    Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken);

    /// <summary>At most <paramref name="limit"/> queued items, parked ones included, soonest first.</summary>
    Task<IReadOnlyList<QueuedTranslation>> ListAsync(int limit, CancellationToken cancellationToken = default);

    /// <summary>At most <paramref name="limit"/> parked items (those that failed and wait for a later try), soonest first.</summary>
    Task<IReadOnlyList<QueuedTranslation>> ListParkedAsync(int limit, CancellationToken cancellationToken = default);

    /// <summary>How many items wait, and how many of them are parked after a failure.</summary>
    Task<TranslationQueueCounts> CountAsync(CancellationToken cancellationToken = default);
}

/// <summary>Sizes of a translation work queue.</summary>
/// <param name="Pending">Items never tried or re-enqueued since.</param>
/// <param name="Parked">Items waiting after a failed try.</param>
public sealed record TranslationQueueCounts(int Pending, int Parked);
