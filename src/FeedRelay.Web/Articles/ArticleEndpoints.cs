using System.Net;
using System.Text;
using FeedRelay.Feeds;
using FeedRelay.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FeedRelay.Web.Articles;

/// <summary>FeedRelay's own article page, the link target of items whose seed had no original link.</summary>
public static class ArticleEndpoints
{
    /// <summary>GET <see cref="Routes.Article"/>.</summary>
    public static async Task<Results<ContentHttpResult, NotFound>> GetArticleAsync(
        string id, string? lang, HttpContext context, IArticleStore store, CancellationToken cancellationToken)
    {
        var article = await store.GetAsync(id, cancellationToken);
        if (article is null)
        {
            return TypedResults.NotFound();
        }

        // Feed items in the en/both views link here with ?lang=; an unknown value just shows the original.
        var view = FeedViews.TryParse(lang, out var parsed) ? parsed : FeedView.Original;
        context.Response.Headers.XContentTypeOptions = "nosniff";
        return TypedResults.Content(Render(article, view), "text/html; charset=utf-8");
    }

    /// <summary>A plain HTML page of <paramref name="article"/>; its content is already sanitised, everything else is encoded here.</summary>
    internal static string Render(Article article, FeedView view = FeedView.Original)
    {
        static string E(string? text) => WebUtility.HtmlEncode(text ?? "");
        var page = new StringBuilder(article.ContentHtml.Length + 1024);
        page.Append("<!DOCTYPE html>\n<html lang=\"").Append(E(article.Language ?? "und")).Append("\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src https: http:; style-src 'unsafe-inline'\">")
            .Append("<meta name=\"referrer\" content=\"no-referrer\">")
            .Append("<title>").Append(E(article.Title)).Append("</title>")
            .Append("<style>body{max-width:42rem;margin:2rem auto;padding:0 1rem;font:1.05rem/1.6 system-ui,sans-serif}img{max-width:100%;height:auto}</style>")
            .Append("</head><body><article><h1>").Append(E(article.Title)).Append("</h1><p><small>")
            .Append(E(article.Source));
        if (article.Author is not null && article.Author != article.Source)
        {
            page.Append(" · ").Append(E(article.Author));
        }

        page.Append(" · <time datetime=\"").Append(E(article.Published.ToString("O"))).Append("\">")
            .Append(E(article.Published.ToString("yyyy-MM-dd HH:mm zzz"))).Append("</time>");
        if (article.Link is not null)
        {
            page.Append(" · <a href=\"").Append(E(article.Link.AbsoluteUri)).Append("\" rel=\"noopener noreferrer\">original</a>");
        }

        page.Append("</small></p>");
        if (view != FeedView.Original && article.Translation is { } translation)
        {
            page.Append("<section lang=\"").Append(E(translation.Language)).Append("\"><h2>").Append(E(translation.Title)).Append("</h2>")
                .Append("<p><small>Machine translation</small></p>")
                .Append(string.IsNullOrWhiteSpace(translation.ContentHtml) ? "<p>" + E(translation.Summary) + "</p>" : translation.ContentHtml)
                .Append("</section>");
            if (view == FeedView.English)
            {
                return page.Append("</article></body></html>\n").ToString();
            }

            page.Append("<hr>");
        }

        page.Append(article.ContentHtml).Append("</article></body></html>\n");
        return page.ToString();
    }
}
