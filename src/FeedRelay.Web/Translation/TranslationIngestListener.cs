using FeedRelay.Ingestion;
using FeedRelay.Storage;
using FeedRelay.Translation;

namespace FeedRelay.Web.Translation;

/// <summary>
/// Queues every created or changed article for translation; ingestion never waits for the Translator. An unchanged article
/// is queued again when it may still need translating: its first queueing may have been lost (a crash between storing the
/// article and queueing it, or a failed queue write), and ingesting the same seed again is how that is finished. A failed
/// queue write throws, so that the seed is not recorded as done and is ingested again.
/// </summary>
public sealed class TranslationIngestListener(TranslationStep step, ITranslationQueue queue) : IIngestListener
{
    /// <inheritdoc />
    public Task ArticleStoredAsync(Article article, UpsertOutcome outcome, CancellationToken cancellationToken)
    {
        if (!step.IsEnabled
            || (outcome == UpsertOutcome.Unchanged && !TranslationProcessor.MayNeedTranslation(article, step.TargetLanguage)))
        {
            return Task.CompletedTask;
        }

        return queue.EnqueueAsync(new TranslationRequest(article.Id), cancellationToken);
    }
}
