using FeedRelay.Ingestion;
using FeedRelay.Storage;
using FeedRelay.Translation;

namespace FeedRelay.Web.Translation;

/// <summary>
/// Queues every created or changed article for translation; ingestion never waits for the Translator. An unchanged article
/// without any translation is queued unless it is queued already (<see cref="ITranslationQueue.EnsureQueuedAsync"/>): its
/// first queueing may have been lost (a crash between storing the article and queueing it, or a failed queue write), and
/// ingesting the same seed again is how that is finished. A failed queue write throws, so that the seed is not recorded as
/// done and is ingested again.
/// </summary>
public sealed class TranslationIngestListener(TranslationStep step, ITranslationQueue queue) : IIngestListener
{
    /// <inheritdoc />
    public Task ArticleStoredAsync(Article article, UpsertOutcome outcome, CancellationToken cancellationToken)
    {
        if (!step.IsEnabled)
        {
            return Task.CompletedTask;
        }

        if (outcome != UpsertOutcome.Unchanged)
        {
            return queue.EnqueueAsync(new TranslationRequest(article.Id), cancellationToken);
        }

        return TranslationProcessor.NeverTranslated(article, step.TargetLanguage)
            ? queue.EnsureQueuedAsync(new TranslationRequest(article.Id), cancellationToken)
            : Task.CompletedTask;
    }
}
