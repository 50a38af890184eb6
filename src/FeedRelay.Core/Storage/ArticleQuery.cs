using System.Globalization;
using System.Text;

namespace FeedRelay.Storage;

/// <summary>Which articles a feed wants; every filter that is set must match.</summary>
/// <param name="SourceSlug">Only this source, or all when null.</param>
/// <param name="Limit">At most this many articles.</param>
public sealed record ArticleQuery(string? SourceSlug = null, int Limit = 50)
{
    /// <summary>Only articles of one of these source slugs; empty means any source.</summary>
    public IReadOnlyList<string> Sources { get; init; } = [];

    /// <summary>Only articles with this category (case-insensitive).</summary>
    public string? Category { get; init; }

    /// <summary>Only articles whose detected language is this BCP 47 tag or a more specific one (<c>zh</c> matches <c>zh-Hant</c>).</summary>
    public string? Language { get; init; }

    /// <summary>Only articles whose title or summary (original or translated) contains this text (case-insensitive).</summary>
    public string? Keyword { get; init; }

    /// <summary>Only articles published at or after this time.</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>
    /// Keyset paging: only articles strictly after this position in the feed order (newest publication first, ties by
    /// ordinal id ascending), i.e. the next older page after the item the cursor names. Null starts at the newest.
    /// </summary>
    public FeedCursor? Before { get; init; }

    /// <summary>True when <paramref name="article"/> passes every filter except <see cref="Limit"/>.</summary>
    public bool Matches(Article article)
    {
        if (SourceSlug is not null && article.SourceSlug != SourceSlug)
        {
            return false;
        }

        if (Sources.Count > 0 && !Sources.Contains(article.SourceSlug, StringComparer.Ordinal))
        {
            return false;
        }

        if (Since is { } since && article.Published < since)
        {
            return false;
        }

        if (Before is { } before && !before.IsBefore(article))
        {
            return false;
        }

        if (Category is not null && !article.Categories.Contains(Category, StringComparer.OrdinalIgnoreCase))
        {
            return false;
        }

        if (Language is not null && !LanguageMatches(article.Language, Language))
        {
            return false;
        }

        return Keyword is null || Contains(article.Title) || Contains(article.Summary)
            || (article.Translation is { } t && (Contains(t.Title) || Contains(t.Summary)));
    }

    /// <summary>A canonical text form of the filters (source order and repeats ignored), equal for equal queries, for use as a cache key.</summary>
    public string CacheKey()
    {
        var key = new StringBuilder();
        key.Append(SourceSlug).Append('|').Append(Limit.ToString(CultureInfo.InvariantCulture)).Append('|');
        foreach (var source in Sources.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            key.Append(source).Append(',');
        }

        key.Append('|').Append(Category).Append('|').Append(Language)
            .Append('|').Append(Keyword).Append('|').Append(Since?.UtcTicks.ToString(CultureInfo.InvariantCulture))
            .Append('|').Append(Before?.Encode());
        return key.ToString();
    }

    private bool Contains(string text) => text.Contains(Keyword!, StringComparison.OrdinalIgnoreCase);

    private static bool LanguageMatches(string? language, string wanted) =>
        language is not null
        && language.StartsWith(wanted, StringComparison.OrdinalIgnoreCase)
        && (language.Length == wanted.Length || language[wanted.Length] == '-');
}
