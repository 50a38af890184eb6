using FeedRelay.Web.Translation;

namespace FeedRelay.Functions.Translation;

/// <summary>The translation status route as an HTTP function; it calls the handler the server maps.</summary>
public sealed class TranslationStatusFunction(TranslationStatusReader status)
{
    /// <summary><see cref="Routes.TranslationStatus"/>.</summary>
    [Function("TranslationStatus")]
    public async Task<IResult> TranslationStatus(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = Routes.TranslationStatus)] HttpRequest request) =>
        await TranslationEndpoints.GetStatusAsync(status, request.HttpContext.RequestAborted);
}
