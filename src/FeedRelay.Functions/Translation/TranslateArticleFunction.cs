using FeedRelay.Storage;
using FeedRelay.Translation;
using FeedRelay.Web.Translation;
using Microsoft.Extensions.Options;

namespace FeedRelay.Functions.Translation;

/// <summary>
/// The queue trigger on <c>translate</c>. Done → acknowledged. Budget-limited (degraded) → queued again, invisible until
/// the daily budget resets at midnight UTC, so that it is neither retried at once nor poisoned. Busy (another instance is
/// sending some of its texts) → queued again for a few seconds later, likewise. Failed (the Translator down, throttled,
/// out of quota, slow) → queued again after the same growing delay as the local worker's parked items
/// (<see cref="TranslationRetryDelay"/>), so that an outage of any length uses up no deliveries and loses nothing. Only
/// an exception (storage failing) is thrown, for the host to deliver the message again; after <c>maxDequeueCount</c> it
/// lands in <c>translate-poison</c>, which <see cref="TranslateArticlePoisonFunction"/> queues again. With translation
/// off, the step answers at once and the message is acknowledged.
/// </summary>
public sealed partial class TranslateArticleFunction(
    TranslationStep translation, ITranslationQueue queue, IOptions<TranslationOptions> options, TimeProvider clock, ILogger<TranslateArticleFunction> logger)
{
    /// <summary>The function's name.</summary>
    public const string Name = "TranslateArticle";

    /// <summary>Translates the article of <paramref name="request"/>.</summary>
    [Function(Name)]
    public async Task RunAsync([QueueTrigger("translate", Connection = "AzureWebJobsStorage")] TranslationRequest request, CancellationToken cancellationToken)
    {
        var outcome = await translation.ProcessAsync(request, cancellationToken);
        if (outcome.IsDone)
        {
            LogDone(request.ArticleId, outcome.Status);
            return;
        }

        if (outcome.Status == TranslationStatus.Degraded)
        {
            // Retrying before the budget resets cannot do better and would only poison the message: ask again after midnight UTC.
            var now = clock.GetUtcNow();
            var delay = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero).AddDays(1) - now;
            await queue.EnqueueAsync(request with { Attempt = request.Attempt + 1 }, delay, cancellationToken);
            LogDeferred(request.ArticleId, outcome.Level ?? "", now + delay);
            return;
        }

        if (outcome.Failure is TranslatorFailure.Busy busy)
        {
            // Another instance is sending some of the texts: ask again once its answer is cached, without using up a delivery.
            await queue.EnqueueAsync(request with { Attempt = request.Attempt + 1 }, busy.RetryAfter, cancellationToken);
            LogBusy(request.ArticleId, busy.Detail, clock.GetUtcNow() + busy.RetryAfter);
            return;
        }

        var retry = TranslationRetryDelay.For(options.Value, request.Attempt, outcome.Failure);
        await queue.EnqueueAsync(request with { Attempt = request.Attempt + 1 }, retry, cancellationToken);
        LogFailed(request.ArticleId, outcome.Reason ?? outcome.Status.ToString(), clock.GetUtcNow() + retry);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Translating article {ArticleId} failed ({Reason}); queued again for {RetryAt}")]
    private partial void LogFailed(string articleId, string reason, DateTimeOffset retryAt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Article {ArticleId}: {Status}")]
    private partial void LogDone(string articleId, TranslationStatus status);

    [LoggerMessage(Level = LogLevel.Information, Message = "Article {ArticleId} waits for another instance ({Detail}); queued again for {RetryAt}")]
    private partial void LogBusy(string articleId, string detail, DateTimeOffset retryAt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Translation of article {ArticleId} stopped at level {Level} by the daily budget; queued again for {RetryAt}")]
    private partial void LogDeferred(string articleId, string level, DateTimeOffset retryAt);
}
