namespace FeedRelay.Translation;

/// <summary>What a translator answered: one translation per text sent, or a named failure.</summary>
public sealed record TranslatorResult
{
    private TranslatorResult(IReadOnlyList<string> translations, TranslatorFailure? failure)
    {
        Translations = translations;
        Failure = failure;
    }

    /// <summary>The translations, in the order of the texts sent; empty on failure.</summary>
    public IReadOnlyList<string> Translations { get; }

    /// <summary>Why nothing was translated, or null on success.</summary>
    public TranslatorFailure? Failure { get; }

    /// <summary>True when <see cref="Translations"/> holds the answer.</summary>
    public bool Succeeded => Failure is null;

    /// <summary>A successful answer.</summary>
    public static TranslatorResult Success(IReadOnlyList<string> translations) => new(translations, null);

    /// <summary>A failed request.</summary>
    public static TranslatorResult Failed(TranslatorFailure failure) => new([], failure ?? throw new ArgumentNullException(nameof(failure)));
}
