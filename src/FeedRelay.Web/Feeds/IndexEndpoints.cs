using System.Globalization;
using System.Net;
using System.Text;
using System.Xml;
using FeedRelay.Feeds;
using FeedRelay.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace FeedRelay.Web.Feeds;

/// <summary>Discovery: the HTML index of sources and feeds at <c>/</c> and <c>/api/feeds</c>, and OPML 2.0 at <c>/api/feeds.opml</c>.</summary>
public static class IndexEndpoints
{
    /// <summary>GET <see cref="Routes.Home"/> and <see cref="Routes.FeedIndex"/>.</summary>
    public static async Task<ContentHttpResult> GetIndexAsync(HttpContext context, IArticleStore store, IOptions<FeedRelayOptions> options, CancellationToken cancellationToken)
    {
        var sources = await store.ListSourcesAsync(cancellationToken);
        context.Response.Headers.XContentTypeOptions = "nosniff";
        return TypedResults.Content(RenderIndex(PublicUrls.BaseUrl(context, options.Value), sources), "text/html; charset=utf-8");
    }

    /// <summary>GET <see cref="Routes.Opml"/>.</summary>
    public static async Task<FileContentHttpResult> GetOpmlAsync(HttpContext context, IArticleStore store, IOptions<FeedRelayOptions> options, CancellationToken cancellationToken)
    {
        var sources = await store.ListSourcesAsync(cancellationToken);
        return TypedResults.File(RenderOpml(PublicUrls.BaseUrl(context, options.Value), sources), "text/x-opml; charset=utf-8", "feedrelay.opml");
    }

    /// <summary>The index page: every feed with its subscribe links and autodiscovery tags.</summary>
    internal static string RenderIndex(Uri baseUrl, IReadOnlyList<SourceSummary> sources)
    {
        static string E(string text) => WebUtility.HtmlEncode(text);
        var feeds = Feeds(sources);
        var page = new StringBuilder(4096 + (sources.Count * 2048));
        page.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">")
            .Append("<title>FeedRelay feeds</title>");
        foreach (var (name, title, _, _) in feeds)
        {
            foreach (var format in FeedFormats.All)
            {
                page.Append("<link rel=\"alternate\" type=\"").Append(format.BareMediaType()).Append("\" title=\"")
                    .Append(E($"{title} ({format.DisplayName()})")).Append("\" href=\"").Append(E(FeedLinks.Feed(baseUrl, name, format).AbsoluteUri)).Append("\">");
            }
        }

        page.Append("<link rel=\"outline\" type=\"text/x-opml\" title=\"Every feed (OPML)\" href=\"").Append(E(new Uri(baseUrl, "api/feeds.opml").AbsoluteUri)).Append("\">")
            .Append("<style>body{font:1rem/1.5 system-ui,sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem}")
            .Append("table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.4rem;text-align:left;vertical-align:top}")
            .Append("td.n{text-align:right}.subscribe a{margin-right:.5rem}</style></head><body>")
            .Append("<h1>FeedRelay feeds</h1><p>Archived news re-published as feeds. Pick a source, a format and a language view; ")
            .Append("<a href=\"").Append(E(new Uri(baseUrl, "api/feeds.opml").AbsoluteUri)).Append("\" id=\"opml\">OPML of every feed</a>.</p>")
            .Append("<table id=\"feeds\"><thead><tr><th>Feed</th><th>Articles</th><th>Last update</th><th>Subscribe</th></tr></thead><tbody>");
        foreach (var (name, title, count, latest) in feeds)
        {
            page.Append("<tr data-feed=\"").Append(E(name)).Append("\"><td class=\"title\">").Append(E(title)).Append("</td><td class=\"n count\">")
                .Append(count.ToString(CultureInfo.InvariantCulture)).Append("</td><td class=\"latest\">");
            if (latest is { } time)
            {
                page.Append("<time datetime=\"").Append(time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)).Append("\">")
                    .Append(time.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)).Append("</time>");
            }

            page.Append("</td><td class=\"subscribe\">");
            foreach (var view in FeedViews.All)
            {
                page.Append("<div>").Append(E(view.DisplayName())).Append(": ");
                foreach (var format in FeedFormats.All)
                {
                    page.Append("<a href=\"").Append(E(FeedLinks.Feed(baseUrl, name, format, view).AbsoluteUri))
                        .Append("\" type=\"").Append(format.BareMediaType())
                        .Append("\" data-format=\"").Append(format.Extension()).Append("\" data-view=\"").Append(view.QueryValue()).Append("\">")
                        .Append(E(format.DisplayName())).Append("</a>");
                }

                page.Append("</div>");
            }

            page.Append("</td></tr>");
        }

        return page.Append("</tbody></table></body></html>\n").ToString();
    }

    /// <summary>OPML 2.0 listing every feed in every language view (RSS; the same feeds exist as Atom and JSON Feed).</summary>
    internal static byte[] RenderOpml(Uri baseUrl, IReadOnlyList<SourceSummary> sources)
    {
        var feeds = Feeds(sources);
        var latest = sources.Count == 0 ? DateTimeOffset.UnixEpoch : sources.Max(s => s.LatestPublished);
        using var buffer = new MemoryStream();
        using (var xml = XmlWriter.Create(buffer, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true }))
        {
            xml.WriteStartDocument();
            xml.WriteStartElement("opml");
            xml.WriteAttributeString("version", "2.0");
            xml.WriteStartElement("head");
            xml.WriteElementString("title", "FeedRelay feeds");
            xml.WriteElementString("dateModified", latest.UtcDateTime.ToString("ddd, dd MMM yyyy HH:mm:ss", CultureInfo.InvariantCulture) + " GMT");
            xml.WriteEndElement();
            xml.WriteStartElement("body");
            foreach (var view in FeedViews.All)
            {
                xml.WriteStartElement("outline");
                xml.WriteAttributeString("text", $"FeedRelay ({view.DisplayName()})");
                foreach (var (name, title, _, _) in feeds)
                {
                    xml.WriteStartElement("outline");
                    xml.WriteAttributeString("type", "rss");
                    xml.WriteAttributeString("text", FeedText.Clean(title));
                    xml.WriteAttributeString("title", FeedText.Clean(title));
                    xml.WriteAttributeString("xmlUrl", FeedLinks.Feed(baseUrl, name, FeedFormat.Rss, view).AbsoluteUri);
                    xml.WriteAttributeString("htmlUrl", baseUrl.AbsoluteUri);
                    if (view == FeedView.English)
                    {
                        xml.WriteAttributeString("language", "en");
                    }

                    xml.WriteEndElement();
                }

                xml.WriteEndElement();
            }

            xml.WriteEndElement();
            xml.WriteEndElement();
        }

        return buffer.ToArray();
    }

    private static List<(string Name, string Title, int Count, DateTimeOffset? Latest)> Feeds(IReadOnlyList<SourceSummary> sources)
    {
        var feeds = new List<(string, string, int, DateTimeOffset?)>
        {
            (FeedEndpoints.AllSources, "All sources", sources.Sum(s => s.ArticleCount), sources.Count == 0 ? null : sources.Max(s => s.LatestPublished)),
        };
        feeds.AddRange(sources.Select(s => (s.Slug, s.Name, s.ArticleCount, (DateTimeOffset?)s.LatestPublished)));
        return feeds;
    }
}
