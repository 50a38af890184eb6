using FeedRelay.Content;
using FeedRelay.Seeds;

namespace FeedRelay.Ingestion;

/// <summary>Adapts a parsed seed to the shared <see cref="Article"/> model: identity, source, clean HTML, summary. Pure.</summary>
public sealed class ArticleNormaliser(HtmlCleaner cleaner, SourceDirectory sources, ContentOptions? contentOptions = null)
{
    private readonly ContentOptions _content = contentOptions ?? ContentOptions.Default;

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
        var image = seed.DeclaredImage ?? HtmlCleaner.FirstImage(html);

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
            Image = Uri.TryCreate(image, UriKind.Absolute, out var imageUri) ? imageUri : null,
            Summary = Summary.Make(html, _content.SummaryLength),
            ContentHtml = html,
            Format = seed.Format,
        };
    }
}
