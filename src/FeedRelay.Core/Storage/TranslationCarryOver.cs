namespace FeedRelay.Storage;

/// <summary>
/// The rule ingestion stores by: a re-ingested article keeps the translation of its stored version while its translatable
/// text (title, summary, content) is the same, and loses it when the text changed (translation is a later step's work).
/// </summary>
public static class TranslationCarryOver
{
    /// <summary>True when the translatable text of the two versions is the same.</summary>
    public static bool SameText(Article stored, Article ingested) =>
        string.Equals(stored.Title, ingested.Title, StringComparison.Ordinal)
        && string.Equals(stored.Summary, ingested.Summary, StringComparison.Ordinal)
        && string.Equals(stored.ContentHtml, ingested.ContentHtml, StringComparison.Ordinal);

    /// <summary>What to store for <paramref name="ingested"/> when <paramref name="stored"/> (or nothing) is stored.</summary>
    public static Article Apply(Article? stored, Article ingested) =>
        ingested with { Translation = stored is not null && SameText(stored, ingested) ? stored.Translation : null };
}
