namespace FeedRelay.Translation;

/// <summary>The translatable text of an article: title and summary as plain text, content as HTML pieces.</summary>
public sealed record ArticleText
{
    /// <summary>The headline.</summary>
    public required TranslationSegment Title { get; init; }

    /// <summary>The summary, or null when empty.</summary>
    public TranslationSegment? Summary { get; init; }

    /// <summary>The content split into pieces; untranslated ones (bare tags) are kept as they are.</summary>
    public required IReadOnlyList<HtmlPiece> ContentPieces { get; init; }

    /// <summary>The translatable content pieces as segments.</summary>
    public required IReadOnlyList<TranslationSegment> Content { get; init; }

    /// <summary>Hash of everything translatable plus the target language; equal hashes mean the same translation.</summary>
    public required string SourceHash { get; init; }

    /// <summary>Title and summary segments.</summary>
    public IEnumerable<TranslationSegment> Headline => Summary is null ? [Title] : [Title, Summary];

    /// <summary>The text of <paramref name="article"/> to translate into <paramref name="settings"/>.TargetLanguage.</summary>
    public static ArticleText Of(Article article, TranslationSettings settings)
    {
        var pieces = HtmlSegmenter.Split(article.ContentHtml, settings.MaxSegmentCharacters);
        // Plain fields are sent whole: one longer than a piece may be (a malformed seed's title) would be refused on every try.
        var title = TranslationSegment.Of(Cut(article.Title, settings.MaxSegmentCharacters), TextType.Plain);
        var summary = string.IsNullOrWhiteSpace(article.Summary) ? null : TranslationSegment.Of(Cut(article.Summary, settings.MaxSegmentCharacters), TextType.Plain);
        var content = pieces.Where(p => p.Translate).Select(p => TranslationSegment.Of(p.Html, TextType.Html)).ToList();
        var hash = TranslationSegment.Hash(string.Join('\u0001',
            new[] { settings.TargetLanguage, title.Text, summary?.Text ?? "" }.Concat(pieces.Select(p => p.Html))));
        return new ArticleText { Title = title, Summary = summary, ContentPieces = pieces, Content = content, SourceHash = hash };
    }

    /// <summary><paramref name="text"/>, or its first <paramref name="max"/> characters (never half a surrogate pair).</summary>
    private static string Cut(string text, int max) =>
        text.Length <= max ? text : text[..(char.IsHighSurrogate(text[max - 1]) ? max - 1 : max)];
}
