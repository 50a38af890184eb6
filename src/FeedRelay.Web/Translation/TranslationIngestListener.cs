using FeedRelay.Ingestion;
using FeedRelay.Storage;

namespace FeedRelay.Web.Translation;

/// <summary>Queues every created or changed article for translation; ingestion never waits for the Translator.</summary>
public sealed partial class TranslationIngestListener(
    TranslationStep step, ITranslationQueue queue, ILogger<TranslationIngestListener> logger) : IIngestListener
{
    /// <inheritdoc />
    public async Task ArticleStoredAsync(Article article, UpsertOutcome outcome, CancellationToken cancellationToken)
    {
        if (!step.IsEnabled)
        {
            return;
        }

        try
        {
            await queue.EnqueueAsync(new TranslationRequest(article.Id), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or Azure.RequestFailedException)
        {
            // The worker's start-up sweep queues any article left without a current translation.
            LogEnqueueFailed(ex, article.Id);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not queue article {ArticleId} for translation; the next sweep will")]
    private partial void LogEnqueueFailed(Exception exception, string articleId);
}
