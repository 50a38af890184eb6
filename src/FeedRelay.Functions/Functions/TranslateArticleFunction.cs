using FeedRelay.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FeedRelay.Host.Functions;

/// <summary>
/// <c>POST /TranslateArticle</c>: the queue trigger on <c>translate</c>. Hands the request to the registered
/// <see cref="ITranslationProcessor"/>; "retry later" and failures answer 500 so that the message becomes visible
/// again (and lands in <c>translate-poison</c> after the host's maxDequeueCount). Without a usable processor the
/// message is acknowledged and logged, so that a deployment without translation does not fill the poison queue.
/// </summary>
public static partial class TranslateArticleFunction
{
    /// <summary>The function (and route) name the host calls.</summary>
    public const string Name = "TranslateArticle";

    /// <summary>The trigger binding's name in <c>function.json</c>.</summary>
    public const string Binding = "request";

    internal static async Task<Results<Ok<InvocationResponse>, BadRequest<InvocationResponse>, JsonHttpResult<InvocationResponse>>> InvokeAsync(
        HttpRequest request, IServiceProvider services, ILoggerFactory loggers, CancellationToken cancellationToken)
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
        if (TryGetProcessor(services, out var unavailable) is not { } processor)
        {
            LogNoProcessor(logger, message.ArticleId, unavailable);
            return TypedResults.Ok(InvocationResponse.WithLogs($"Translation is not available ({unavailable}); acknowledged article {message.ArticleId} untranslated."));
        }

        try
        {
            if (await processor.ProcessAsync(message, cancellationToken))
            {
                return TypedResults.Ok(InvocationResponse.WithLogs($"Translated article {message.ArticleId} (delivery {dequeueCount})."));
            }

            LogRetryLater(logger, message.ArticleId, dequeueCount);
            return TypedResults.Json(InvocationResponse.WithLogs($"Translating article {message.ArticleId} must be retried later (delivery {dequeueCount})."),
                statusCode: StatusCodes.Status503ServiceUnavailable);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            LogFailed(logger, ex, message.ArticleId);
            return TypedResults.Json(InvocationResponse.WithLogs($"Translating article {message.ArticleId} failed: {ex.GetType().Name}: {ex.Message}"),
                statusCode: StatusCodes.Status500InternalServerError);
        }
    }

    /// <summary>
    /// The registered processor, or null with the reason. A processor that cannot be built (translation not configured,
    /// so no Translator endpoint) counts as absent: the message could never succeed, so retrying it would only end in
    /// the poison queue.
    /// </summary>
    private static ITranslationProcessor? TryGetProcessor(IServiceProvider services, out string reason)
    {
        try
        {
            var processor = services.GetService<ITranslationProcessor>();
            reason = processor is null ? "no translation processor is registered" : "";
            return processor;
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or UriFormatException)
        {
            reason = "the translation processor cannot be created: " + ex.Message;
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "TranslateArticle invocation without a valid TranslationRequest")]
    private static partial void LogMalformed(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Translation is not available ({Reason}); acknowledging article {ArticleId} untranslated")]
    private static partial void LogNoProcessor(ILogger logger, string articleId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Translation of article {ArticleId} asked to be retried (delivery {DequeueCount})")]
    private static partial void LogRetryLater(ILogger logger, string articleId, string dequeueCount);

    [LoggerMessage(Level = LogLevel.Error, Message = "Translating article {ArticleId} failed; the host will retry")]
    private static partial void LogFailed(ILogger logger, Exception exception, string articleId);
}
