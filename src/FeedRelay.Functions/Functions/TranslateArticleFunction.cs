using FeedRelay.Storage;
using FeedRelay.Translation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FeedRelay.Host.Functions;

/// <summary>
/// <c>POST /TranslateArticle</c>: the queue trigger on <c>translate</c>. Hands the request to the registered
/// <see cref="ITranslationProcessor"/> and answers by its outcome: done → 200; budget-limited (degraded) → 200 after
/// re-enqueueing the request, invisible until the daily budget resets at midnight UTC, so that it is neither retried
/// at once nor poisoned; failed → 503 (an exception → 500) so that the message becomes visible again (and lands in
/// <c>translate-poison</c> after the host's maxDequeueCount). When translation is off (no processor registered) the
/// message is acknowledged and logged, so that a deployment without translation does not fill the poison queue.
/// </summary>
public static partial class TranslateArticleFunction
{
    /// <summary>The function (and route) name the host calls.</summary>
    public const string Name = "TranslateArticle";

    /// <summary>The trigger binding's name in <c>function.json</c>.</summary>
    public const string Binding = "request";

    internal static async Task<Results<Ok<InvocationResponse>, BadRequest<InvocationResponse>, JsonHttpResult<InvocationResponse>>> InvokeAsync(
        HttpRequest request, IServiceProvider services, TimeProvider clock, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger(typeof(TranslateArticleFunction).FullName!);
        var invocation = await InvocationRequest.ReadAsync(request, cancellationToken);
        var message = invocation is not null && invocation.TryGetData(Binding, out var data) ? InvocationRequest.ReadMessage<TranslationRequest>(data) : null;
        if (message is null || string.IsNullOrWhiteSpace(message.ArticleId))
        {
            // Never valid, however often retried: the host moves it to the poison queue, where it can be inspected.
            LogMalformed(logger);
            return TypedResults.BadRequest(InvocationResponse.WithLogs("The queue message is not a TranslationRequest."));
        }

        var dequeueCount = invocation!.Metadata("DequeueCount") ?? "?";
        if (services.GetService<ITranslationProcessor>() is not { } processor)
        {
            LogDisabled(logger, message.ArticleId);
            return TypedResults.Ok(InvocationResponse.WithLogs(
                $"Translation is disabled (FeedRelay:Translation:Endpoint is empty); acknowledged article {message.ArticleId} untranslated."));
        }

        try
        {
            var outcome = await processor.ProcessAsync(message, cancellationToken);
            if (outcome.IsDone)
            {
                return TypedResults.Ok(InvocationResponse.WithLogs($"Article {message.ArticleId}: {outcome.Status} (delivery {dequeueCount})."));
            }

            if (outcome.Status == TranslationStatus.Degraded)
            {
                // Retrying before the budget resets cannot do better and would only poison the message: ask again after midnight UTC.
                var now = clock.GetUtcNow();
                var delay = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero).AddDays(1) - now;
                await services.GetRequiredService<ITranslationQueue>().EnqueueAsync(message with { Attempt = message.Attempt + 1 }, delay, cancellationToken);
                LogDeferred(logger, message.ArticleId, outcome.Level ?? "", now + delay);
                return TypedResults.Ok(InvocationResponse.WithLogs(
                    $"Article {message.ArticleId} translated at level {outcome.Level} ({outcome.Reason}); queued again for {now + delay:O}."));
            }

            LogRetryLater(logger, message.ArticleId, dequeueCount, outcome.Reason ?? outcome.Status.ToString());
            return TypedResults.Json(InvocationResponse.WithLogs(
                    $"Translating article {message.ArticleId} must be retried later: {outcome.Reason} (delivery {dequeueCount})."),
                statusCode: StatusCodes.Status503ServiceUnavailable);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            LogFailed(logger, ex, message.ArticleId);
            return TypedResults.Json(InvocationResponse.WithLogs($"Translating article {message.ArticleId} failed: {ex.GetType().Name}: {ex.Message}"),
                statusCode: StatusCodes.Status500InternalServerError);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "TranslateArticle invocation without a valid TranslationRequest")]
    private static partial void LogMalformed(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Translation is disabled; acknowledging article {ArticleId} untranslated")]
    private static partial void LogDisabled(ILogger logger, string articleId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Translation of article {ArticleId} stopped at level {Level} by the daily budget; queued again for {RetryAt}")]
    private static partial void LogDeferred(ILogger logger, string articleId, string level, DateTimeOffset retryAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Translation of article {ArticleId} must be retried (delivery {DequeueCount}): {Reason}")]
    private static partial void LogRetryLater(ILogger logger, string articleId, string dequeueCount, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Translating article {ArticleId} failed; the host will retry")]
    private static partial void LogFailed(ILogger logger, Exception exception, string articleId);
}
