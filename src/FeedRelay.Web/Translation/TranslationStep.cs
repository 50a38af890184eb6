using FeedRelay.Feeds;
using FeedRelay.Storage;
using FeedRelay.Web.Feeds;
using FeedRelay.Translation;
using FeedRelay.Web.Operations;
using Microsoft.Extensions.Options;

namespace FeedRelay.Web.Translation;

/// <summary>
/// The optional translation step as the hosts see it, always registered: <see cref="IsEnabled"/> is false while no
/// Translator endpoint is configured, and then nothing behind it (client, cache) is ever created. Every outcome tells
/// <see cref="BackgroundHealth"/> how the Translator answered (part <see cref="HealthPart"/>): a failure of the service (down,
/// throttled, refused, a malformed answer) reports <c>/api/health</c> degraded until a translation succeeds again.
/// </summary>
/// <remarks>A stored translation changes the article's feeds: their rebuild is asked for here, for both hosts.</remarks>
public sealed partial class TranslationStep(
    IOptions<TranslationOptions> options,
    Lazy<TranslationProcessor> processor,
    IFeedRebuildQueue rebuilds,
    BackgroundHealth health,
    ILogger<TranslationStep> logger) : ITranslationProcessor
{
    /// <summary>The <c>/api/health</c> part that says whether the Translator answers.</summary>
    public const string HealthPart = "translator";

    /// <summary>True when a Translator endpoint is configured.</summary>
    public bool IsEnabled => options.Value.IsEnabled;

    /// <summary>The target language of the English view.</summary>
    public string TargetLanguage => options.Value.TargetLanguage;

    /// <summary>Translates the request's article; when the step is off, answers <see cref="TranslationStatus.NotNeeded"/> without work.</summary>
    public async Task<TranslationOutcome> ProcessAsync(TranslationRequest request, CancellationToken cancellationToken = default)
    {
        if (!IsEnabled)
        {
            return new TranslationOutcome(TranslationStatus.NotNeeded, null, "translation is off (FeedRelay:Translation:Endpoint is empty)");
        }

        var outcome = await processor.Value.ProcessAsync(request, cancellationToken).ConfigureAwait(false);
        if (outcome.Failure is { } failure and not TranslatorFailure.Busy)
        {
            // Busy is another instance at work on the same text, not a failure of the Translator.
            health.Failed(HealthPart, failure.Reason);
        }
        else if (outcome.Status is TranslationStatus.Translated)
        {
            health.Succeeded(HealthPart);
        }

        if (outcome.StoredSourceSlug is { } source)
        {
            try
            {
                await rebuilds.RequestAsync([source, FeedEndpoints.AllSources], cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                // The translation is stored; its feeds are rebuilt with the next change, and served on demand until then.
                LogRebuildRequestFailed(ex, request.ArticleId);
            }
        }

        return outcome;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not ask for a rebuild of the feeds of translated article {ArticleId}")]
    private partial void LogRebuildRequestFailed(Exception exception, string articleId);
}
