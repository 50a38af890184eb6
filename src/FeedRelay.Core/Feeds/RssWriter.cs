using System.Globalization;
using System.Text;
using System.Xml;

namespace FeedRelay.Feeds;

/// <summary>
/// Writes RSS 2.0 with the content, Dublin Core and Atom extensions. Written with <see cref="XmlWriter"/> rather than
/// System.ServiceModel.Syndication, whose RSS formatter dates UTC items with a bare <c>Z</c> and has no <c>ttl</c>.
/// </summary>
public static class RssWriter
{
    private const string ContentNamespace = "http://purl.org/rss/1.0/modules/content/";
    private const string DublinCoreNamespace = "http://purl.org/dc/elements/1.1/";
    private const string AtomNamespace = "http://www.w3.org/2005/Atom";

    private static readonly XmlWriterSettings Settings = new() { Encoding = new UTF8Encoding(false), Indent = false };

    /// <summary>The RSS 2.0 document of <paramref name="document"/>, as UTF-8 bytes.</summary>
    public static byte[] Write(FeedDocument document)
    {
        var feed = document.Feed;
        using var buffer = new MemoryStream();
        using (var xml = XmlWriter.Create(buffer, Settings))
        {
            xml.WriteStartDocument();
            xml.WriteStartElement("rss");
            xml.WriteAttributeString("version", "2.0");
            xml.WriteAttributeString("xmlns", "content", null, ContentNamespace);
            xml.WriteAttributeString("xmlns", "dc", null, DublinCoreNamespace);
            xml.WriteAttributeString("xmlns", "atom", null, AtomNamespace);
            xml.WriteStartElement("channel");
            xml.WriteElementString("title", feed.Title);
            xml.WriteElementString("link", feed.SiteUrl.AbsoluteUri);
            xml.WriteElementString("description", feed.Description ?? feed.Title);
            if (document.Language is not null)
            {
                xml.WriteElementString("language", document.Language);
            }

            xml.WriteElementString("lastBuildDate", Rfc822(document.Updated));
            xml.WriteElementString("generator", "FeedRelay");
            xml.WriteElementString("ttl", feed.TtlMinutes.ToString(CultureInfo.InvariantCulture));
            AtomLink(xml, "self", feed.SelfUrl, FeedFormat.Rss.BareMediaType(), null);
            if (feed.HubUrl is not null)
            {
                AtomLink(xml, "hub", feed.HubUrl, null, null);
            }

            foreach (var item in document.Items)
            {
                WriteItem(xml, item);
            }

            xml.WriteEndElement();
            xml.WriteEndElement();
        }

        return buffer.ToArray();
    }

    private static void WriteItem(XmlWriter xml, FeedItem item)
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
            xml.WriteAttributeString("type", FeedWriter.ImageMediaType(item.Image));
            xml.WriteEndElement();
        }

        xml.WriteStartElement("guid");
        xml.WriteAttributeString("isPermaLink", "false");
        xml.WriteString(item.Id);
        xml.WriteEndElement();
        xml.WriteElementString("pubDate", Rfc822(item.Published));
        foreach (var related in item.Related)
        {
            AtomLink(xml, "related", related.Url, null, related.Source);
        }

        xml.WriteEndElement();
    }

    private static void AtomLink(XmlWriter xml, string rel, Uri href, string? type, string? title)
    {
        xml.WriteStartElement("atom", "link", AtomNamespace);
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
    internal static string Rfc822(DateTimeOffset time) =>
        time.UtcDateTime.ToString("ddd, dd MMM yyyy HH:mm:ss", CultureInfo.InvariantCulture) + " +0000";
}
