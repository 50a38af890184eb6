namespace FeedRelay.Storage;

/// <summary>
/// Translated text keyed by a hash of the normalised source text and the target language, shared by every
/// source and kept across restarts, so that the same text is never paid for twice.
/// </summary>
public interface ITranslationCache
{
    /// <summary>The cached translations among <paramref name="keys"/> (missing keys are absent from the result).</summary>
    Task<IReadOnlyDictionary<string, string>> GetManyAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default);

    /// <summary>Stores translations; an existing key is overwritten with the same value.</summary>
    Task SetManyAsync(IReadOnlyDictionary<string, string> entries, CancellationToken cancellationToken = default);
}
