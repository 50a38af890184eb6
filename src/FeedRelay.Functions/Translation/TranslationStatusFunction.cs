using FeedRelay.Storage;
using FeedRelay.Translation;
using FeedRelay.Web.Translation;
using Microsoft.Extensions.Options;

namespace FeedRelay.Functions.Translation;

/// <summary>The translation status route as an HTTP function; it calls the handler the server maps.</summary>
public sealed class TranslationStatusFunction(
    TranslationStep step,
    TranslationMetrics metrics,
    ITranslationUsage usage,
    IEnumerable<ITranslationWorkQueue> queues,
    IArticleStore store,
    IOptions<TranslationOptions> options,
    TimeProvider clock)
{
    /// <summary><see cref="Routes.TranslationStatus"/>.</summary>
    [Function("TranslationStatus")]
    public async Task<IResult> TranslationStatus(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = Routes.TranslationStatus)] HttpRequest request) =>
        await TranslationEndpoints.GetStatusAsync(step, metrics, usage, queues, store, options, clock, request.HttpContext.RequestAborted);
}
