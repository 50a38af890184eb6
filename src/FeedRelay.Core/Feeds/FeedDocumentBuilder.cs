using System.Net;
using System.Text;

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
    /// new ones there); the document is the same with or without a cache.
    /// </summary>
    public static FeedDocument Build(FeedDescription feed, IReadOnlyList<Article> articles, FeedView view, ClusteringOptions clustering, int limit, FeedItemCache? cache)
    {
        var clusters = StoryClusterer.Cluster(articles, clustering);
        var items = new List<FeedItem>(Math.Max(0, Math.Min(limit, clusters.Count)));
        var updated = DateTimeOffset.UnixEpoch;
        for (var i = 0; i < clusters.Count && items.Count < limit; i++)
        {
            var item = cache is null ? BuildItem(feed, clusters[i], view) : cache.GetOrBuild(feed, clusters[i], view, BuildItem);
            items.Add(item);
            updated = items.Count == 1 || item.Updated > updated ? item.Updated : updated;
        }

        var language = view != FeedView.Original && items.Count > 0 && items.TrueForAll(i => i.Translated)
            ? items[0].Language
            : SingleLanguage(items);
        var safeFeed = feed with { Title = FeedText.Clean(feed.Title), Description = feed.Description is null ? null : FeedText.Clean(feed.Description) };
        return new FeedDocument(safeFeed, view, language, updated, items)
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
        var article = cluster.Lead;
        var related = cluster.Others
            .Select(o => new RelatedLink(o.Link ?? feed.ArticleUrl(o.Id), o.Source, o.Title))
            .ToList();
        var item = new FeedItem
        {
            Id = FeedWriter.TagUri("article:" + article.Id),
            ArticleId = article.Id,
            Title = article.Title,
            Link = article.Link ?? feed.ArticleUrl(article.Id),
            Published = article.Published,
            Updated = article.Updated > article.Published ? article.Updated : article.Published,
            Author = article.Author ?? article.Source,
            Source = article.Source,
            Categories = article.Categories,
            Summary = article.Summary,
            ContentHtml = article.ContentHtml + RelatedHtml(related),
            Language = article.Language,
            Image = article.Image,
            Related = related,
        };

        // Level "none": the budget paid for nothing, and the stored title and summary are the originals: no translation to show.
        if (view == FeedView.Original || article.Translation is not { Level: not "none" } translation || string.IsNullOrWhiteSpace(translation.Title))
        {
            return item;
        }

        var note = TranslationNote(article, translation);
        if (view == FeedView.English)
        {
            var content = string.IsNullOrWhiteSpace(translation.ContentHtml) ? article.ContentHtml : translation.ContentHtml;
            return item with
            {
                Title = translation.Title,
                Summary = string.IsNullOrWhiteSpace(translation.Summary) ? article.Summary : translation.Summary,
                ContentHtml = note + content + RelatedHtml(related),
                Language = translation.Language,
                OriginalLanguage = article.Language,
                Translated = true,
            };
        }

        var translated = string.IsNullOrWhiteSpace(translation.ContentHtml) ? Paragraph(translation.Summary) : translation.ContentHtml;
        var bilingual = new StringBuilder()
            .Append(note)
            .Append("<div lang=\"").Append(Attr(translation.Language)).Append("\">").Append(translated).Append("</div><hr>")
            .Append("<div").Append(article.Language is null ? "" : " lang=\"" + Attr(article.Language) + "\"").Append('>')
            .Append("<h2>").Append(WebUtility.HtmlEncode(article.Title)).Append("</h2>").Append(article.ContentHtml).Append("</div>")
            .Append(RelatedHtml(related));
        return item with
        {
            Title = translation.Title + " / " + article.Title,
            Summary = string.IsNullOrWhiteSpace(translation.Summary) ? article.Summary : translation.Summary + "\n\n" + article.Summary,
            ContentHtml = bilingual.ToString(),
            Language = translation.Language,
            OriginalLanguage = article.Language,
            Translated = true,
        };
    }

    private static FeedItem Clean(FeedItem item) => item with
    {
        Title = FeedText.Clean(item.Title),
        Author = FeedText.Clean(item.Author),
        Source = FeedText.Clean(item.Source),
        Summary = FeedText.Clean(item.Summary),
        ContentHtml = FeedText.Clean(item.ContentHtml),
        Categories = item.Categories.Select(FeedText.Clean).ToList(),
        Related = item.Related.Select(r => r with { Source = FeedText.Clean(r.Source), Title = FeedText.Clean(r.Title) }).ToList(),
    };

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

    private static string Paragraph(string text) => text.Length == 0 ? "" : "<p>" + WebUtility.HtmlEncode(text) + "</p>";

    private static string Attr(string text) => WebUtility.HtmlEncode(text);
}
