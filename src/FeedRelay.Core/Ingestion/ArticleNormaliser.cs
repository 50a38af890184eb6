using FeedRelay.Content;
using FeedRelay.Seeds;

namespace FeedRelay.Ingestion;

/// <summary>Adapts a parsed seed to the shared <see cref="Article"/> model: identity, source, clean HTML, lead image, summary, language. Pure.</summary>
public sealed class ArticleNormaliser(HtmlCleaner cleaner, SourceDirectory sources, ContentOptions? contentOptions = null)
{
    /// <summary>The title of an article that has none (or only characters no feed can carry); feeds show it for an empty title too.</summary>
    public const string MissingTitle = "(untitled)";

    private readonly ContentOptions _content = contentOptions ?? ContentOptions.Default;
    private readonly LanguageDetector _languages = new(contentOptions);

    /// <summary>Creates a normaliser with default rules.</summary>
    public ArticleNormaliser()
        : this(new HtmlCleaner(), new SourceDirectory())
    {
    }

    /// <summary>Builds the article for <paramref name="seed"/>.</summary>
    public Article Normalise(ParsedSeed seed)
    {
        // Only web links are links: a javascript: or data: "original link" would be clickable in every reader.
        var link = seed.Link is { Scheme: "http" or "https" } ? CanonicalUrl.Canonicalise(seed.Link) : null;
        var fromLink = sources.ForLink(link);
        var sourceName = PlainField(seed.Source) ?? fromLink?.Name ?? "unknown";
        var title = PlainField(seed.Title) ?? MissingTitle;
        var slug = sources.SlugFor(sourceName, link);
        // The cleaner's one tree gives both the clean HTML and its plain text (for the summary and language detection).
        var clean = cleaner.CleanWithText(seed.Html, link);
        var (html, plainText) = (clean.Html, clean.PlainText);
        var image = cleaner.LeadImage(seed.DeclaredImage, clean, link);

        return new Article
        {
            Id = link is not null ? ArticleIdentity.FromLink(link) : ArticleIdentity.FromContent(sourceName, title, seed.Published),
            Source = sourceName,
            SourceSlug = slug,
            Title = title,
            Link = link,
            Published = seed.Published,
            PublishedFrom = seed.PublishedFrom,
            Updated = seed.Published,
            Author = PlainField(seed.Author),
            Categories = seed.Categories.Select(PlainField).OfType<string>().Distinct().ToArray(),
            Image = image,
            Summary = Summary.Cut(plainText, _content.SummaryLength),
            ContentHtml = html,
            Language = ConfiguredLanguage(sourceName, slug) ?? _languages.Detect(title, plainText),
            Format = seed.Format,
        };
    }

    /// <summary>A plain-text field (title, source, author, category): see <see cref="HtmlCleaner.CleanPlain"/>.</summary>
    private string? PlainField(string? text) => cleaner.CleanPlain(text);

    /// <summary>The language configured for a source, by slug or by name.</summary>
    private string? ConfiguredLanguage(string sourceName, string slug) =>
        _content.SourceLanguages.TryGetValue(slug, out var bySlug) ? bySlug
        : _content.SourceLanguages.TryGetValue(sourceName, out var byName) ? byName
        : null;
}
