using System.Globalization;
using System.ServiceModel.Syndication;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Xml;
using FeedRelay.Feeds;

namespace FeedRelay.Benchmarks.Pipeline;

/// <summary>
/// The feed writers as they were before issue 16 (XmlWriter for RSS, System.ServiceModel.Syndication for Atom,
/// Utf8JsonWriter over a MemoryStream for JSON Feed), copied verbatim from commit 10c0561 as the benchmarks' baseline.
/// </summary>
public static class LegacyFeedWriters
{
    /// <summary>The document in <paramref name="format"/> with the old writer.</summary>
    public static byte[] Write(FeedFormat format, FeedDocument document) => format switch
    {
        FeedFormat.Rss => WriteRss(document),
        FeedFormat.Atom => WriteAtom(document),
        _ => WriteJson(document),
    };

    private const string ContentNamespace = "http://purl.org/rss/1.0/modules/content/";
    private const string DublinCoreNamespace = "http://purl.org/dc/elements/1.1/";
    private const string RssAtomNamespace = "http://www.w3.org/2005/Atom";

    private static readonly XmlWriterSettings RssSettings = new() { Encoding = new UTF8Encoding(false), Indent = false };

    /// <summary>The RSS 2.0 document of <paramref name="document"/>, as UTF-8 bytes.</summary>
    public static byte[] WriteRss(FeedDocument document)
    {
        var feed = document.Feed;
        using var buffer = new MemoryStream();
        using (var xml = XmlWriter.Create(buffer, RssSettings))
        {
            xml.WriteStartDocument();
            xml.WriteStartElement("rss");
            xml.WriteAttributeString("version", "2.0");
            xml.WriteAttributeString("xmlns", "content", null, ContentNamespace);
            xml.WriteAttributeString("xmlns", "dc", null, DublinCoreNamespace);
            xml.WriteAttributeString("xmlns", "atom", null, RssAtomNamespace);
            xml.WriteStartElement("channel");
            xml.WriteElementString("title", feed.Title);
            xml.WriteElementString("link", feed.SiteUrl.AbsoluteUri);
            xml.WriteElementString("description", feed.Description ?? feed.Title);
            if (document.Language is not null)
            {
                xml.WriteElementString("language", document.Language);
            }

            xml.WriteElementString("lastBuildDate", Rfc822(document.Updated ?? DateTimeOffset.UnixEpoch));
            xml.WriteElementString("generator", "FeedRelay");
            xml.WriteElementString("ttl", feed.TtlMinutes.ToString(CultureInfo.InvariantCulture));
            RssAtomLink(xml, "self", feed.SelfUrl, FeedFormat.Rss.BareMediaType(), null);
            if (feed.HubUrl is not null)
            {
                RssAtomLink(xml, "hub", feed.HubUrl, null, null);
            }

            foreach (var item in document.Items)
            {
                RssItem(xml, item);
            }

            xml.WriteEndElement();
            xml.WriteEndElement();
        }

        return buffer.ToArray();
    }

    private static void RssItem(XmlWriter xml, FeedItem item)
    {
        xml.WriteStartElement("item");
        xml.WriteElementString("title", item.Title);
        xml.WriteElementString("link", item.Link.AbsoluteUri);
        xml.WriteElementString("description", item.Summary);
        xml.WriteElementString("encoded", ContentNamespace, item.ContentHtml);
        xml.WriteElementString("creator", DublinCoreNamespace, item.Author);
        if (item.Language is not null)
        {
            xml.WriteElementString("language", DublinCoreNamespace, item.Language);
        }

        foreach (var category in item.Categories)
        {
            xml.WriteElementString("category", category);
        }

        if (item.Image is not null)
        {
            xml.WriteStartElement("enclosure");
            xml.WriteAttributeString("url", item.Image.AbsoluteUri);
            xml.WriteAttributeString("length", "0");
            xml.WriteAttributeString("type", ImageMediaType(item.Image));
            xml.WriteEndElement();
        }

        xml.WriteStartElement("guid");
        xml.WriteAttributeString("isPermaLink", "false");
        xml.WriteString(item.Id);
        xml.WriteEndElement();
        xml.WriteElementString("pubDate", Rfc822(item.Published));
        foreach (var related in item.Related)
        {
            RssAtomLink(xml, "related", related.Url, null, related.Source);
        }

        xml.WriteEndElement();
    }

    private static void RssAtomLink(XmlWriter xml, string rel, Uri href, string? type, string? title)
    {
        xml.WriteStartElement("atom", "link", RssAtomNamespace);
        xml.WriteAttributeString("rel", rel);
        xml.WriteAttributeString("href", href.AbsoluteUri);
        if (type is not null)
        {
            xml.WriteAttributeString("type", type);
        }

        if (title is not null)
        {
            xml.WriteAttributeString("title", title);
        }

        xml.WriteEndElement();
    }

    /// <summary>RFC 822 date in UTC with a numeric <c>+0000</c> zone, which every reader understands.</summary>
    private static string Rfc822(DateTimeOffset time) =>
        time.UtcDateTime.ToString("ddd, dd MMM yyyy HH:mm:ss", CultureInfo.InvariantCulture) + " +0000";

    private const string XmlNamespace = "http://www.w3.org/XML/1998/namespace";

    private static readonly XmlWriterSettings AtomSettings = new() { Encoding = new UTF8Encoding(false), Indent = false };

    /// <summary>The Atom document of <paramref name="document"/>, as UTF-8 bytes.</summary>
    public static byte[] WriteAtom(FeedDocument document)
    {
        var feed = document.Feed;
        var syndication = new SyndicationFeed(feed.Title, feed.Description ?? feed.Title, feed.SiteUrl)
        {
            Id = FeedWriter.TagUri("feed:" + feed.Key + ":" + document.View.QueryValue()),
            LastUpdatedTime = document.Updated ?? DateTimeOffset.UnixEpoch,
            Generator = "FeedRelay",
            Language = document.Language,
            Items = document.Items.Select(AtomEntry).ToList(),
        };
        syndication.Authors.Add(new SyndicationPerson { Name = "FeedRelay" });
        syndication.Links.Add(new SyndicationLink(feed.SelfUrl) { RelationshipType = "self", MediaType = FeedFormat.Atom.BareMediaType() });
        if (feed.HubUrl is not null)
        {
            syndication.Links.Add(new SyndicationLink(feed.HubUrl) { RelationshipType = "hub" });
        }

        using var buffer = new MemoryStream();
        using (var xml = XmlWriter.Create(buffer, AtomSettings))
        {
            new Atom10FeedFormatter(syndication).WriteTo(xml);
        }

        return buffer.ToArray();
    }

    private static SyndicationItem AtomEntry(FeedItem item)
    {
        var entry = new SyndicationItem
        {
            Id = item.Id,
            Title = new TextSyndicationContent(item.Title),
            PublishDate = item.Published,
            LastUpdatedTime = item.Updated,
            Summary = new TextSyndicationContent(item.Summary),
            Content = SyndicationContent.CreateHtmlContent(item.ContentHtml),
        };
        if (item.Language is not null)
        {
            entry.AttributeExtensions.Add(new XmlQualifiedName("lang", XmlNamespace), item.Language);
        }

        // One alternate link per hreflang (RFC 4287 4.2.7.2): a translated item's link leads to the original-language page.
        var alternate = SyndicationLink.CreateAlternateLink(item.Link, "text/html");
        var linkLanguage = item.Translated ? item.OriginalLanguage : item.Language;
        if (linkLanguage is not null)
        {
            alternate.AttributeExtensions.Add(new XmlQualifiedName("hreflang"), linkLanguage);
        }

        entry.Links.Add(alternate);
        foreach (var related in item.Related)
        {
            entry.Links.Add(new SyndicationLink(related.Url) { RelationshipType = "related", Title = related.Source });
        }

        if (item.Image is not null)
        {
            entry.Links.Add(new SyndicationLink(item.Image) { RelationshipType = "enclosure", MediaType = ImageMediaType(item.Image) });
        }

        entry.Authors.Add(new SyndicationPerson { Name = item.Author });
        foreach (var category in item.Categories)
        {
            entry.Categories.Add(new SyndicationCategory(category));
        }

        return entry;
    }

    // Feeds are served as application/feed+json, never inlined in HTML, so non-ASCII text can stay readable.
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The JSON Feed of <paramref name="document"/>, as UTF-8 bytes.</summary>
    public static byte[] WriteJson(FeedDocument document)
    {
        var feed = document.Feed;
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            json.WriteStartObject();
            json.WriteString("version", "https://jsonfeed.org/version/1.1");
            json.WriteString("title", feed.Title);
            json.WriteString("home_page_url", feed.SiteUrl.AbsoluteUri);
            json.WriteString("feed_url", feed.SelfUrl.AbsoluteUri);
            json.WriteString("description", feed.Description ?? feed.Title);
            if (document.Language is not null)
            {
                json.WriteString("language", document.Language);
            }

            if (feed.HubUrl is not null)
            {
                json.WriteStartArray("hubs");
                json.WriteStartObject();
                json.WriteString("type", "WebSub");
                json.WriteString("url", feed.HubUrl.AbsoluteUri);
                json.WriteEndObject();
                json.WriteEndArray();
            }

            json.WriteStartArray("items");
            foreach (var item in document.Items)
            {
                JsonItem(json, item);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static void JsonItem(Utf8JsonWriter json, FeedItem item)
    {
        json.WriteStartObject();
        json.WriteString("id", item.Id);
        json.WriteString("url", item.Link.AbsoluteUri);
        json.WriteString("title", item.Title);
        json.WriteString("content_html", item.ContentHtml);
        json.WriteString("summary", item.Summary);
        if (item.Image is not null)
        {
            json.WriteString("image", item.Image.AbsoluteUri);
        }

        json.WriteString("date_published", item.Published.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture));
        json.WriteString("date_modified", item.Updated.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture));
        json.WriteStartArray("authors");
        json.WriteStartObject();
        json.WriteString("name", item.Author);
        json.WriteEndObject();
        json.WriteEndArray();
        if (item.Categories.Count > 0)
        {
            json.WriteStartArray("tags");
            foreach (var category in item.Categories)
            {
                json.WriteStringValue(category);
            }

            json.WriteEndArray();
        }

        if (item.Language is not null)
        {
            json.WriteString("language", item.Language);
        }

        // JSON Feed extensions start with an underscore; readers that do not know them ignore them.
        json.WriteStartObject("_feedrelay");
        json.WriteString("source", item.Source);
        json.WriteBoolean("translated", item.Translated);
        if (item.OriginalLanguage is not null)
        {
            json.WriteString("original_language", item.OriginalLanguage);
        }

        json.WriteStartArray("related");
        foreach (var related in item.Related)
        {
            json.WriteStartObject();
            json.WriteString("url", related.Url.AbsoluteUri);
            json.WriteString("source", related.Source);
            json.WriteString("title", related.Title);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();
    }
    /// <summary>Guesses an image's media type from the extension in its path, else in its query (image proxies), else JPEG.</summary>
    private static string ImageMediaType(Uri image)
    {
        static string? FromExtension(string text)
        {
            var dot = text.LastIndexOf('.');
            return dot < 0 ? null : text[(dot + 1)..].ToLowerInvariant() switch
            {
                "jpg" or "jpeg" => "image/jpeg",
                "png" => "image/png",
                "gif" => "image/gif",
                "webp" => "image/webp",
                "avif" => "image/avif",
                "svg" => "image/svg+xml",
                _ => null,
            };
        }

        var query = image.Query.Split('&', '?', '=').LastOrDefault(p => FromExtension(p) is not null);
        return FromExtension(image.AbsolutePath) ?? (query is null ? null : FromExtension(query)) ?? "image/jpeg";
    }
}
