using System.Net;
using System.Text;
using FeedRelay.Ingestion;

namespace FeedRelay.Feeds;

/// <summary>Turns newest-first articles into the one merged model all writers share, in a given view. Pure.</summary>
public static class FeedDocumentBuilder
{
    private static readonly Func<FeedDescription, StoryCluster, FeedView, FeedItem> BuildItem = static (feed, cluster, view) => Clean(Item(feed, cluster, view));

    /// <summary>Builds the document of <paramref name="articles"/>, clustered by <paramref name="clustering"/> and cut to <paramref name="limit"/> items.</summary>
    public static FeedDocument Build(FeedDescription feed, IReadOnlyList<Article> articles, FeedView view, ClusteringOptions clustering, int limit) =>
        Build(feed, articles, view, clustering, limit, null);

    /// <summary>
    /// Builds the document of <paramref name="articles"/>, clustered by <paramref name="clustering"/> and cut to
    /// <paramref name="limit"/> items, taking items that are still current from <paramref name="cache"/> (and keeping
    /// new ones there); the document is the same with or without a cache. <paramref name="changedAt"/> is when the feed's
    /// articles last changed, as the store keeps it (null when it does not): the time an empty document was last updated.
    /// </summary>
    public static FeedDocument Build(
        FeedDescription feed, IReadOnlyList<Article> articles, FeedView view, ClusteringOptions clustering, int limit, FeedItemCache? cache, DateTimeOffset? changedAt = null)
    {
        var clusters = StoryClusterer.Cluster(articles, clustering);
        var items = new List<FeedItem>(Math.Max(0, Math.Min(limit, clusters.Count)));
        DateTimeOffset? updated = null;
        for (var i = 0; i < clusters.Count && items.Count < limit; i++)
        {
            var item = cache is null ? BuildItem(feed, clusters[i], view) : cache.GetOrBuild(feed, clusters[i], view, BuildItem);
            items.Add(item);
            updated = updated is not { } latest || item.Updated > latest ? item.Updated : updated;
        }

        var language = view != FeedView.Original && items.Count > 0 && items.TrueForAll(i => i.Translated)
            ? items[0].Language
            : SingleLanguage(items);
        var safeFeed = feed with { Title = FeedText.Clean(feed.Title), Description = feed.Description is null ? null : FeedText.Clean(feed.Description) };
        return new FeedDocument(safeFeed, view, language, updated ?? changedAt, items)
        {
            StoriesLeftOut = clusters.Count > items.Count,
            ContinueAfterId = items.Count > 0 ? clusters[items.Count - 1].Newest.Id : null,
        };
    }

    /// <summary>The items' language when they all have the same one (ignoring case; an unknown language counts as one), else null.</summary>
    private static string? SingleLanguage(List<FeedItem> items)
    {
        if (items.Count == 0)
        {
            return null;
        }

        var first = items[0].Language;
        for (var i = 1; i < items.Count; i++)
        {
            var language = items[i].Language;
            if (first is null ? language is not null : language is null || !string.Equals(first, language, StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }
        }

        return first;
    }

    private static FeedItem Item(FeedDescription feed, StoryCluster cluster, FeedView view)
    {
        // Text is cleaned before it is tested for emptiness (a title of only control characters is no title) and before it is
        // escaped into HTML (escaping first would turn a lone surrogate into U+FFFD, where the plain field drops it).
        var article = cluster.Lead;
        var title = Text(article.Title) ?? ArticleNormaliser.MissingTitle;
        var source = FeedText.Clean(article.Source);
        var related = cluster.Others
            .Select(o => new RelatedLink(o.Link ?? feed.ArticleUrl(o.Id), FeedText.Clean(o.Source), Text(o.Title) ?? ArticleNormaliser.MissingTitle))
            .ToList();
        var item = new FeedItem
        {
            Id = FeedWriter.TagUri("article:" + article.Id),
            ArticleId = article.Id,
            Title = title,
            Link = article.Link ?? feed.ArticleUrl(article.Id),
            Published = article.Published,
            Updated = article.Updated > article.Published ? article.Updated : article.Published,
            Author = Text(article.Author) ?? source,
            Source = source,
            // De-duplicated after cleaning: "a\u0004" and "a" are one category.
            Categories = article.Categories.Select(Text).OfType<string>().Distinct(StringComparer.Ordinal).ToList(),
            Summary = article.Summary,
            ContentHtml = article.ContentHtml + RelatedHtml(related),
            Language = article.Language,
            Image = article.Image,
            Related = related,
        };

        // Level "none": the budget paid for nothing, and the stored title and summary are the originals: no translation to show.
        if (view == FeedView.Original || article.Translation is not { Level: not "none" } translation || Text(translation.Title) is not { } translatedTitle)
        {
            return item;
        }

        var note = TranslationNote(article, translation);
        var translatedSummary = Text(translation.Summary);
        var translatedContent = Text(translation.ContentHtml);
        if (view == FeedView.English)
        {
            return item with
            {
                Title = translatedTitle,
                Summary = translatedSummary ?? article.Summary,
                // An untranslated body stays in its language, marked so (the item is tagged with the translation's language).
                ContentHtml = note + (translatedContent ?? InLanguage(article.Language, article.ContentHtml)) + RelatedHtml(related),
                Language = translation.Language,
                OriginalLanguage = article.Language,
                Translated = true,
            };
        }

        var bilingual = new StringBuilder()
            .Append(note)
            .Append("<div lang=\"").Append(Attr(translation.Language)).Append("\">").Append(translatedContent ?? Paragraph(translatedSummary ?? "")).Append("</div><hr>")
            .Append(InLanguage(article.Language, "<h2>" + WebUtility.HtmlEncode(title) + "</h2>" + article.ContentHtml))
            .Append(RelatedHtml(related));
        return item with
        {
            Title = translatedTitle + " / " + title,
            Summary = translatedSummary is null ? article.Summary : translatedSummary + "\n\n" + article.Summary,
            ContentHtml = bilingual.ToString(),
            Language = translation.Language,
            OriginalLanguage = article.Language,
            Translated = true,
        };
    }

    /// <summary>
    /// The item's text without what no feed can carry; a summary or body that is then blank is empty, so that the writers leave
    /// its element out. (Title, author, source, categories and related links were cleaned when the item was made.)
    /// </summary>
    private static FeedItem Clean(FeedItem item) => item with
    {
        Summary = Text(item.Summary) ?? "",
        ContentHtml = Text(item.ContentHtml) ?? "",
    };

    /// <summary><paramref name="text"/> without what no feed can carry (<see cref="FeedText.Clean"/>), or null when nothing but white space is left.</summary>
    private static string? Text(string? text) => text is null || FeedText.Clean(text) is not { } clean || string.IsNullOrWhiteSpace(clean) ? null : clean;

    private static string TranslationNote(Article article, ArticleTranslation translation)
    {
        var scope = translation.Level == "full" ? "Machine translation" : "Machine translation of the title and summary only";
        var from = article.Language is null ? "" : " from " + WebUtility.HtmlEncode(article.Language);
        return $"<p class=\"feedrelay-translation\"><small>{scope}{from} to {WebUtility.HtmlEncode(translation.Language)}.</small></p>";
    }

    private static string RelatedHtml(List<RelatedLink> related)
    {
        if (related.Count == 0)
        {
            return "";
        }

        var html = new StringBuilder("<p class=\"feedrelay-related\"><small>Also reported by: ");
        for (var i = 0; i < related.Count; i++)
        {
            html.Append(i == 0 ? "" : ", ")
                .Append("<a href=\"").Append(Attr(related[i].Url.AbsoluteUri)).Append("\">").Append(WebUtility.HtmlEncode(related[i].Source)).Append("</a>");
        }

        return html.Append("</small></p>").ToString();
    }

    /// <summary><paramref name="html"/> in a <c>div</c> marked with <paramref name="language"/> (unmarked when unknown); nothing for blank HTML.</summary>
    private static string InLanguage(string? language, string html) =>
        string.IsNullOrWhiteSpace(html) ? "" : "<div" + (language is null ? "" : " lang=\"" + Attr(language) + "\"") + ">" + html + "</div>";

    private static string Paragraph(string text) => text.Length == 0 ? "" : "<p>" + WebUtility.HtmlEncode(text) + "</p>";

    private static string Attr(string text) => WebUtility.HtmlEncode(text);
}
