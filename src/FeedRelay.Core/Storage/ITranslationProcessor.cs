using FeedRelay.Translation;

namespace FeedRelay.Storage;

/// <summary>Carries out one translation work item (the local queue worker and the Azure queue trigger both call it).</summary>
public interface ITranslationProcessor
{
    /// <summary>Translates the article of <paramref name="request"/>; <see cref="TranslationOutcome.IsDone"/> is false when it must be retried later.</summary>
    Task<TranslationOutcome> ProcessAsync(TranslationRequest request, CancellationToken cancellationToken = default);
}
