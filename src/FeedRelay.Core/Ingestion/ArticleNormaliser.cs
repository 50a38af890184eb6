using FeedRelay.Content;
using FeedRelay.Seeds;

namespace FeedRelay.Ingestion;

/// <summary>Adapts a parsed seed to the shared <see cref="Article"/> model: identity, source, clean HTML, lead image, summary, language. Pure.</summary>
public sealed class ArticleNormaliser(HtmlCleaner cleaner, SourceDirectory sources, ContentOptions? contentOptions = null)
{
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
        var link = seed.Link is null ? null : CanonicalUrl.Canonicalise(seed.Link);
        var fromLink = sources.ForLink(link);
        var sourceName = !string.IsNullOrWhiteSpace(seed.Source) ? seed.Source! : fromLink?.Name ?? "unknown";
        var slug = sources.SlugFor(sourceName, link);
        var html = cleaner.Clean(seed.Html, link);
        var image = cleaner.LeadImage(seed.DeclaredImage, html, link);

        return new Article
        {
            Id = link is not null ? ArticleIdentity.FromLink(link) : ArticleIdentity.FromContent(sourceName, seed.Title, seed.Published),
            Source = sourceName,
            SourceSlug = slug,
            Title = seed.Title,
            Link = link,
            Published = seed.Published,
            PublishedFrom = seed.PublishedFrom,
            Updated = seed.Published,
            Author = string.IsNullOrWhiteSpace(seed.Author) ? null : seed.Author,
            Categories = seed.Categories,
            Image = image,
            Summary = Summary.Make(html, _content.SummaryLength),
            ContentHtml = html,
            Language = ConfiguredLanguage(sourceName, slug) ?? _languages.Detect(seed.Title + "\n" + Summary.PlainText(html)),
            Format = seed.Format,
        };
    }

    /// <summary>The language configured for a source, by slug or by name.</summary>
    private string? ConfiguredLanguage(string sourceName, string slug) =>
        _content.SourceLanguages.TryGetValue(slug, out var bySlug) ? bySlug
        : _content.SourceLanguages.TryGetValue(sourceName, out var byName) ? byName
        : null;
}
