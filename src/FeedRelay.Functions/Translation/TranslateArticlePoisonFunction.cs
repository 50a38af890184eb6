using FeedRelay.Storage;
using FeedRelay.Web.Translation;
using Microsoft.Extensions.Options;

namespace FeedRelay.Functions.Translation;

/// <summary>
/// The queue trigger on <c>translate-poison</c>, where the host puts a translation request whose invocation threw on every
/// delivery (storage failing, or a bug; the Translator's own failures are queued again by
/// <see cref="TranslateArticleFunction"/> and never get here). Nothing is dropped: the request is queued again after the
/// longest parked delay (<see cref="TranslationOptions.MaxParkedRetryMs"/>), and logged as an error.
/// </summary>
public sealed partial class TranslateArticlePoisonFunction(
    ITranslationQueue queue, IOptions<TranslationOptions> options, TimeProvider clock, ILogger<TranslateArticlePoisonFunction> logger)
{
    /// <summary>The function's name.</summary>
    public const string Name = "TranslateArticlePoison";

    /// <summary>Queues <paramref name="request"/> again, one attempt more, after the longest parked delay.</summary>
    [Function(Name)]
    public async Task RunAsync([QueueTrigger("translate-poison", Connection = "AzureWebJobsStorage")] TranslationRequest request, CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromMilliseconds(options.Value.MaxParkedRetryMs);
        await queue.EnqueueAsync(request with { Attempt = request.Attempt + 1 }, delay, cancellationToken);
        LogRequeued(request.ArticleId, clock.GetUtcNow() + delay);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Translating article {ArticleId} failed on every delivery (see TranslateArticle's invocation logs); queued again for {RetryAt}")]
    private partial void LogRequeued(string articleId, DateTimeOffset retryAt);
}
