namespace FeedRelay;

/// <summary>One normalised news article: what every seed format becomes and every feed is made of.</summary>
public sealed record Article
{
    /// <summary>Stable id: a hash of the canonical link, or of source + title + date when there is no link.</summary>
    public required string Id { get; init; }

    /// <summary>Display name of the outlet that published the article.</summary>
    public required string Source { get; init; }

    /// <summary>URL-safe slug of <see cref="Source"/>, used in feed paths.</summary>
    public required string SourceSlug { get; init; }

    /// <summary>Headline, plain text.</summary>
    public required string Title { get; init; }

    /// <summary>Canonical link to the original article, when the seed has one.</summary>
    public Uri? Link { get; init; }

    /// <summary>Publication time with the offset the source gave.</summary>
    public required DateTimeOffset Published { get; init; }

    /// <summary>Which seed field <see cref="Published"/> came from (for example <c>front-matter:date</c>).</summary>
    public string PublishedFrom { get; init; } = "";

    /// <summary>When FeedRelay last changed this article; equals <see cref="Published"/> until then.</summary>
    public DateTimeOffset Updated { get; init; }

    /// <summary>Author or byline, when known.</summary>
    public string? Author { get; init; }

    /// <summary>Categories or tags, in source order, without duplicates.</summary>
    public IReadOnlyList<string> Categories { get; init; } = [];

    /// <summary>Absolute URL of the lead image, when there is one.</summary>
    public Uri? Image { get; init; }

    /// <summary>Plain-text summary cut at a word or character boundary.</summary>
    public string Summary { get; init; } = "";

    /// <summary>Clean, sanitised, self-contained HTML of the article body.</summary>
    public string ContentHtml { get; init; } = "";

    /// <summary>BCP 47 language tag of the article, when known.</summary>
    public string? Language { get; init; }

    /// <summary>The English (target-language) version, once the translation step has produced one.</summary>
    public ArticleTranslation? Translation { get; init; }

    /// <summary>Which seed format the article was read from (for example <c>hexo</c> or <c>link-header</c>).</summary>
    public string Format { get; init; } = "";
}

/// <summary>A translated version of an article's text.</summary>
public sealed record ArticleTranslation
{
    /// <summary>BCP 47 tag of the translation (for example <c>en</c>).</summary>
    public required string Language { get; init; }

    /// <summary>Translated headline.</summary>
    public required string Title { get; init; }

    /// <summary>Translated summary.</summary>
    public string Summary { get; init; } = "";

    /// <summary>Translated content HTML; empty when only title and summary were translated.</summary>
    public string ContentHtml { get; init; } = "";

    /// <summary>How much was translated: <c>full</c>, <c>title-summary</c> (budget ran low) or <c>none</c>.</summary>
    public string Level { get; init; } = "full";

    /// <summary>Hash of the source text this translation was made from, to tell a current translation from a stale one.</summary>
    public string? SourceHash { get; init; }
}
