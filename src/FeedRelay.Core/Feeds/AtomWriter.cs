using System.Buffers;

namespace FeedRelay.Feeds;

/// <summary>
/// Writes Atom 1.0 (RFC 4287) straight to UTF-8 (<see cref="FeedOutput"/>). The bytes are those
/// System.ServiceModel.Syndication's <c>Atom10FeedFormatter</c> wrote before (pinned by the golden tests), without
/// its per-item object graph (a <c>SyndicationItem</c> with content, link, person and category objects per entry).
/// </summary>
public static class AtomWriter
{
    private const string UtcFormat = "yyyy-MM-dd'T'HH:mm:ss'Z'";
    private const string OffsetFormat = "yyyy-MM-dd'T'HH:mm:sszzz";

    /// <summary>
    /// Writes the Atom document of <paramref name="document"/> to <paramref name="output"/>, copying the rendered fragments of
    /// items that came from <paramref name="cache"/> (and keeping new ones there); the same bytes with or without a cache.
    /// </summary>
    public static void Write(FeedDocument document, IBufferWriter<byte> output, FeedItemCache? cache)
    {
        var feed = document.Feed;
        var xml = new FeedOutput(output);
        xml.Raw("<?xml version=\"1.0\" encoding=\"utf-8\"?><feed"u8);
        xml.XmlOptionalAttribute(" xml:lang=\""u8, document.Language);

        xml.Raw(" xmlns=\"http://www.w3.org/2005/Atom\"><title type=\"text\">"u8);
        xml.XmlText(feed.Title);
        xml.Raw("</title><subtitle type=\"text\">"u8);
        xml.XmlText(feed.Description ?? feed.Title);
        xml.Raw("</subtitle>"u8);
        xml.XmlElement("<id"u8, "</id>"u8, FeedId(feed, document.View));
        // Required: an empty feed of a store that keeps no change time has no better time than the epoch (never a clock's, which
        // would change the bytes on every build).
        xml.Raw("<updated>"u8);
        Time(ref xml, document.Updated ?? DateTimeOffset.UnixEpoch);
        xml.Raw("</updated><author><name>FeedRelay</name></author><generator>FeedRelay</generator><link rel=\"alternate\" href=\""u8);
        xml.XmlAttribute(feed.SiteUrl.AbsoluteUri);
        xml.Raw("\" /><link rel=\"self\" type=\"application/atom+xml\" href=\""u8);
        xml.XmlAttribute(feed.SelfUrl.AbsoluteUri);
        xml.Raw("\" />"u8);
        OptionalLink(ref xml, "<link rel=\"hub\" href=\""u8, feed.HubUrl);
        OptionalLink(ref xml, "<link rel=\"first\" type=\"application/atom+xml\" href=\""u8, feed.FirstUrl);
        OptionalLink(ref xml, "<link rel=\"next\" type=\"application/atom+xml\" href=\""u8, feed.NextUrl);

        foreach (var item in document.Items)
        {
            xml.Item(item, FeedFormat.Atom, cache, WriteEntry);
        }

        xml.Raw("</feed>"u8);
        xml.Flush();
    }

    /// <summary>
    /// The feed's id: the feed and the view, and the filters when there are any, so that differently filtered documents are
    /// different feeds (RFC 4287 §4.2.6) while the pages of one feed share its id.
    /// </summary>
    internal static string FeedId(FeedDescription feed, FeedView view) =>
        FeedWriter.TagUri("feed:" + feed.Key + ":" + view.QueryValue() + (feed.FilterQuery.Length == 0 ? "" : "?" + feed.FilterQuery));

    /// <summary>Writes a feed-level link (<paramref name="start"/> is the markup up to the opening quote of href) when there is one.</summary>
    private static void OptionalLink(ref FeedOutput xml, ReadOnlySpan<byte> start, Uri? href)
    {
        if (href is null)
        {
            return;
        }

        xml.Raw(start);
        xml.XmlAttribute(href.AbsoluteUri);
        xml.Raw("\" />"u8);
    }

    private static void WriteEntry(ref FeedOutput xml, FeedItem item)
    {
        xml.Raw("<entry"u8);
        xml.XmlOptionalAttribute(" xml:lang=\""u8, item.Language);

        xml.Raw(">"u8);
        xml.XmlElement("<id"u8, "</id>"u8, item.Id);
        xml.Raw("<title type=\"text\">"u8);
        xml.XmlText(item.Title);
        xml.Raw("</title>"u8);

        // Summary, content and author are left out when empty (an empty one is a validator error, NotBlank): the entry keeps its
        // alternate link (RFC 4287 §4.1.2), and the feed's author stands for an entry's (§4.2.1).
        if (item.Summary.Length > 0)
        {
            xml.Raw("<summary type=\"text\">"u8);
            xml.XmlText(item.Summary);
            xml.Raw("</summary>"u8);
        }

        xml.Raw("<published>"u8);
        Time(ref xml, item.Published);
        xml.Raw("</published><updated>"u8);
        Time(ref xml, item.Updated);
        xml.Raw("</updated>"u8);
        if (item.Author.Length > 0)
        {
            xml.Raw("<author>"u8);
            xml.XmlElement("<name"u8, "</name>"u8, item.Author);
            xml.Raw("</author>"u8);
        }

        // One alternate link per hreflang (RFC 4287 4.2.7.2): a translated item's link leads to the original-language page.
        xml.Raw("<link"u8);
        xml.XmlOptionalAttribute(" hreflang=\""u8, item.Translated ? item.OriginalLanguage : item.Language);

        xml.Raw(" rel=\"alternate\" type=\"text/html\" href=\""u8);
        xml.XmlAttribute(item.Link.AbsoluteUri);
        xml.Raw("\" />"u8);
        foreach (var related in item.Related)
        {
            xml.Raw("<link rel=\"related\""u8);
            xml.XmlOptionalAttribute(" title=\""u8, related.Source);

            xml.Raw(" href=\""u8);
            xml.XmlAttribute(related.Url.AbsoluteUri);
            xml.Raw("\" />"u8);
        }

        if (item.Image is not null)
        {
            xml.Raw("<link rel=\"enclosure\" type=\""u8);
            xml.XmlAttribute(FeedWriter.ImageMediaType(item.Image));
            xml.Raw("\" href=\""u8);
            xml.XmlAttribute(item.Image.AbsoluteUri);
            xml.Raw("\" />"u8);
        }

        foreach (var category in item.Categories)
        {
            if (category.Length > 0)
            {
                xml.Raw("<category term=\""u8);
                xml.XmlAttribute(category);
                xml.Raw("\" />"u8);
            }
        }

        if (item.ContentHtml.Length > 0)
        {
            xml.Raw("<content type=\"html\">"u8);
            xml.XmlText(item.ContentHtml);
            xml.Raw("</content>"u8);
        }

        xml.Raw("</entry>"u8);
    }

    /// <summary>RFC 3339 as Syndication writes it: whole seconds, <c>Z</c> for UTC, else the numeric offset.</summary>
    private static void Time(ref FeedOutput xml, DateTimeOffset time)
    {
        if (time.Offset == TimeSpan.Zero)
        {
            xml.Time(time.UtcDateTime, UtcFormat);
        }
        else
        {
            xml.Time(time, OffsetFormat);
        }
    }
}
