using FeedRelay.Translation;

namespace FeedRelay.Storage;

/// <summary>
/// Translated text keyed by a hash of the normalised source text and the target language, shared by every
/// source and kept across restarts, so that the same text is never paid for twice.
/// </summary>
public interface ITranslationCache
{
    /// <summary>The cached translations among <paramref name="keys"/> (missing keys are absent from the result).</summary>
    Task<IReadOnlyDictionary<string, string>> GetManyAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default);

    /// <summary>Stores translations; an existing key is overwritten with the same value.</summary>
    Task SetManyAsync(IReadOnlyDictionary<string, string> entries, CancellationToken cancellationToken = default);
}

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

/// <summary>One article to translate.</summary>
/// <param name="ArticleId">The article's id.</param>
/// <param name="Attempt">How many times this item has been tried before.</param>
public sealed record TranslationRequest(string ArticleId, int Attempt = 0);

/// <summary>Carries out one translation work item (the local queue worker and the Azure queue trigger both call it).</summary>
public interface ITranslationProcessor
{
    /// <summary>Translates the article of <paramref name="request"/>; <see cref="TranslationOutcome.IsDone"/> is false when it must be retried later.</summary>
    Task<TranslationOutcome> ProcessAsync(TranslationRequest request, CancellationToken cancellationToken = default);
}
