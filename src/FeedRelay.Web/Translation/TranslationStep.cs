using FeedRelay.Storage;
using FeedRelay.Translation;
using Microsoft.Extensions.Options;

namespace FeedRelay.Web.Translation;

/// <summary>
/// The optional translation step as the hosts see it, always registered: <see cref="IsEnabled"/> is false while no
/// Translator endpoint is configured, and then nothing behind it (client, cache) is ever created.
/// </summary>
public sealed class TranslationStep(IOptions<TranslationOptions> options, Lazy<TranslationProcessor> processor) : ITranslationProcessor
{
    /// <summary>True when a Translator endpoint is configured.</summary>
    public bool IsEnabled => options.Value.IsEnabled;

    /// <summary>The target language of the English view.</summary>
    public string TargetLanguage => options.Value.TargetLanguage;

    /// <summary>Translates the request's article; when the step is off, answers <see cref="TranslationStatus.NotNeeded"/> without work.</summary>
    public Task<TranslationOutcome> ProcessAsync(TranslationRequest request, CancellationToken cancellationToken = default) =>
        IsEnabled
            ? processor.Value.ProcessAsync(request, cancellationToken)
            : Task.FromResult(new TranslationOutcome(TranslationStatus.NotNeeded, null, "translation is off (FeedRelay:Translation:Endpoint is empty)"));
}
