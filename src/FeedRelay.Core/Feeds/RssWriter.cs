using System.Buffers;

namespace FeedRelay.Feeds;

/// <summary>
/// Writes RSS 2.0 with the content, Dublin Core and Atom extensions, straight to UTF-8 (<see cref="FeedOutput"/>).
/// The bytes are those <see cref="System.Xml.XmlWriter"/> wrote before (pinned by the golden tests); not
/// System.ServiceModel.Syndication, whose RSS formatter dates UTC items with a bare <c>Z</c> and has no <c>ttl</c>.
/// </summary>
public static class RssWriter
{
    private const string Rfc822Format = "ddd, dd MMM yyyy HH:mm:ss";

    /// <summary>
    /// Writes the RSS 2.0 document of <paramref name="document"/> to <paramref name="output"/>, copying the rendered fragments of
    /// items that came from <paramref name="cache"/> (and keeping new ones there); the same bytes with or without a cache.
    /// </summary>
    public static void Write(FeedDocument document, IBufferWriter<byte> output, FeedItemCache? cache)
    {
        var feed = document.Feed;
        var xml = new FeedOutput(output);
        xml.Raw("""<?xml version="1.0" encoding="utf-8"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom"><channel>"""u8);
        xml.XmlElement("<title"u8, "</title>"u8, feed.Title);
        xml.XmlElement("<link"u8, "</link>"u8, FeedWriter.AsciiUri(feed.SiteUrl));
        xml.XmlElement("<description"u8, "</description>"u8, feed.Description ?? feed.Title);
        if (document.Language is not null)
        {
            xml.XmlElement("<language"u8, "</language>"u8, document.Language);
        }

        // Optional: left out when no time is known (an empty feed of a store that keeps no change time), rather than a made-up one.
        if (document.Updated is { } updated)
        {
            xml.Raw("<lastBuildDate>"u8);
            Rfc822(ref xml, updated);
            xml.Raw("</lastBuildDate>"u8);
        }

        xml.Raw("<generator>FeedRelay</generator><ttl>"u8);
        xml.Integer(feed.TtlMinutes);
        xml.Raw("</ttl>"u8);
        AtomLink(ref xml, "self"u8, feed.SelfUrl, "application/rss+xml"u8, null);
        if (feed.HubUrl is not null)
        {
            AtomLink(ref xml, "hub"u8, feed.HubUrl, default, null);
        }

        if (feed.FirstUrl is not null)
        {
            AtomLink(ref xml, "first"u8, feed.FirstUrl, "application/rss+xml"u8, null);
        }

        if (feed.NextUrl is not null)
        {
            AtomLink(ref xml, "next"u8, feed.NextUrl, "application/rss+xml"u8, null);
        }

        foreach (var item in document.Items)
        {
            xml.Item(item, FeedFormat.Rss, cache, WriteItem);
        }

        xml.Raw("</channel></rss>"u8);
        xml.Flush();
    }

    private static void WriteItem(ref FeedOutput xml, FeedItem item)
    {
        // Optional elements are left out when empty: an empty one is a validator error (NotBlank) and shows as nothing anyway.
        xml.Raw("<item>"u8);
        xml.XmlElement("<title"u8, "</title>"u8, item.Title);
        xml.XmlElement("<link"u8, "</link>"u8, FeedWriter.AsciiUri(item.Link));
        if (item.Summary.Length > 0)
        {
            // RSS 2.0's description is HTML (entity-encoded); the summary is plain text.
            xml.XmlElementOfText("<description"u8, "</description>"u8, item.Summary);
        }

        if (item.ContentHtml.Length > 0)
        {
            xml.XmlElement("<content:encoded"u8, "</content:encoded>"u8, item.ContentHtml);
        }

        if (item.Author.Length > 0)
        {
            xml.XmlElement("<dc:creator"u8, "</dc:creator>"u8, item.Author);
        }

        if (item.Language is not null)
        {
            xml.XmlElement("<dc:language"u8, "</dc:language>"u8, item.Language);
        }

        foreach (var category in item.Categories)
        {
            if (category.Length > 0)
            {
                xml.XmlElement("<category"u8, "</category>"u8, category);
            }
        }

        if (item.Image is not null)
        {
            xml.Raw("<enclosure url=\""u8);
            xml.XmlAttribute(FeedWriter.AsciiUri(item.Image));
            xml.Raw("\" length=\"0\" type=\""u8);
            xml.XmlAttribute(FeedWriter.ImageMediaType(item.Image));
            xml.Raw("\" />"u8);
        }

        xml.Raw("<guid isPermaLink=\"false\">"u8);
        xml.XmlText(item.Id);
        xml.Raw("</guid><pubDate>"u8);
        Rfc822(ref xml, item.Published);
        xml.Raw("</pubDate>"u8);
        foreach (var related in item.Related)
        {
            AtomLink(ref xml, "related"u8, related.Url, default, related.Source);
        }

        xml.Raw("</item>"u8);
    }

    private static void AtomLink(ref FeedOutput xml, ReadOnlySpan<byte> rel, Uri href, ReadOnlySpan<byte> type, string? title)
    {
        xml.Raw("<atom:link rel=\""u8);
        xml.Raw(rel);
        xml.Raw("\" href=\""u8);
        xml.XmlAttribute(FeedWriter.AsciiUri(href));
        xml.Raw("\""u8);
        if (!type.IsEmpty)
        {
            xml.Raw(" type=\""u8);
            xml.Raw(type);
            xml.Raw("\""u8);
        }

        xml.XmlOptionalAttribute(" title=\""u8, title);
        xml.Raw(" />"u8);
    }

    /// <summary>RFC 822 date in UTC with a numeric <c>+0000</c> zone, which every reader understands.</summary>
    private static void Rfc822(ref FeedOutput xml, DateTimeOffset time)
    {
        xml.Time(time.UtcDateTime, Rfc822Format);
        xml.Raw(" +0000"u8);
    }
}
