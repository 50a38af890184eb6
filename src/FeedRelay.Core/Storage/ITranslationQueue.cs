namespace FeedRelay.Storage;

/// <summary>Work items for the translation step, which runs after ingestion and never blocks it.</summary>
public interface ITranslationQueue
{
    /// <summary>Asks for <paramref name="request"/>'s article to be translated.</summary>
    Task EnqueueAsync(TranslationRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Asks for <paramref name="request"/>'s article to be translated no sooner than <paramref name="delay"/> from now (at most
    /// 7 days, the longest a storage queue message can stay invisible), for example when the daily budget is used up.
    /// </summary>
    Task EnqueueAsync(TranslationRequest request, TimeSpan delay, CancellationToken cancellationToken = default);

    /// <summary>
    /// Queues <paramref name="request"/>'s article unless it is queued already, and then keeps that item as it is (its due
    /// time, attempts and reason). A queue that cannot tell (a message queue) queues it again: processing the duplicate
    /// finds the work done, or claimed by the other message.
    /// </summary>
    Task EnsureQueuedAsync(TranslationRequest request, CancellationToken cancellationToken = default) => EnqueueAsync(request, cancellationToken);
}
