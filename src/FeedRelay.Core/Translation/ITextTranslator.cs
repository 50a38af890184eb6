namespace FeedRelay.Translation;

/// <summary>
/// A machine translation service, as the translation step needs it. Implementations live in adapters (for example
/// <c>FeedRelay.Translation.Azure</c>); they treat the service's answers as untrusted input and report every failure
/// as a named <see cref="TranslatorFailure"/>, never as an exception (cancellation by the caller aside).
/// </summary>
public interface ITextTranslator
{
    /// <summary>
    /// Translates <paramref name="texts"/> into <paramref name="to"/> (from <paramref name="from"/>, or detected when null);
    /// on success the result holds exactly one translation per text, in order.
    /// </summary>
    Task<TranslatorResult> TranslateAsync(IReadOnlyList<string> texts, string to, string? from, TextType textType, CancellationToken cancellationToken = default);
}
