using System.Buffers;

namespace FeedRelay.Feeds;

/// <summary>
/// Writes JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/) straight to UTF-8 (<see cref="FeedOutput"/>). The
/// bytes are those <c>Utf8JsonWriter</c> with <c>JavaScriptEncoder.UnsafeRelaxedJsonEscaping</c> wrote before
/// (pinned by the golden tests): feeds are served as application/feed+json, never inlined in HTML, so non-ASCII
/// text stays readable.
/// </summary>
public static class JsonFeedWriter
{
    private const string UtcFormat = "yyyy-MM-dd'T'HH:mm:ss'Z'";

    /// <summary>
    /// Writes the JSON Feed of <paramref name="document"/> to <paramref name="output"/>, copying the rendered fragments of
    /// items that came from <paramref name="cache"/> (and keeping new ones there); the same bytes with or without a cache.
    /// </summary>
    public static void Write(FeedDocument document, IBufferWriter<byte> output, FeedItemCache? cache)
    {
        var feed = document.Feed;
        var json = new FeedOutput(output);
        json.Raw("{\"version\":\"https://jsonfeed.org/version/1.1\",\"title\":"u8);
        json.JsonString(feed.Title);
        json.Raw(",\"home_page_url\":"u8);
        json.JsonString(FeedWriter.AsciiUri(feed.SiteUrl));
        json.Raw(",\"feed_url\":"u8);
        json.JsonString(FeedWriter.AsciiUri(feed.SelfUrl));
        if (feed.NextUrl is not null)
        {
            json.Raw(",\"next_url\":"u8);
            json.JsonString(FeedWriter.AsciiUri(feed.NextUrl));
        }
        json.Raw(",\"description\":"u8);
        json.JsonString(feed.Description ?? feed.Title);
        if (document.Language is not null)
        {
            json.Raw(",\"language\":"u8);
            json.JsonString(document.Language);
        }

        if (feed.HubUrl is not null)
        {
            json.Raw(",\"hubs\":[{\"type\":\"WebSub\",\"url\":"u8);
            json.JsonString(FeedWriter.AsciiUri(feed.HubUrl));
            json.Raw("}]"u8);
        }

        json.Raw(",\"items\":["u8);
        for (var i = 0; i < document.Items.Count; i++)
        {
            if (i > 0)
            {
                json.Raw(","u8);
            }

            json.Item(document.Items[i], FeedFormat.Json, cache, WriteItem);
        }

        json.Raw("]}"u8);
        json.Flush();
    }

    private static void WriteItem(ref FeedOutput json, FeedItem item)
    {
        json.Raw("{\"id\":"u8);
        json.JsonString(item.Id);
        json.Raw(",\"url\":"u8);
        json.JsonString(FeedWriter.AsciiUri(item.Link));
        if (item.Title.Length > 0)
        {
            json.Raw(",\"title\":"u8);
            json.JsonString(item.Title);
        }

        // JSON Feed 1.1 requires content_html or content_text to be present, not to be non-empty: an item without a body says so
        // with an empty content_text rather than repeat its title (readers would show it twice) or claim empty HTML.
        if (item.ContentHtml.Length > 0)
        {
            json.Raw(",\"content_html\":"u8);
            json.JsonString(item.ContentHtml);
        }
        else
        {
            json.Raw(",\"content_text\":\"\""u8);
        }

        if (item.Summary.Length > 0)
        {
            json.Raw(",\"summary\":"u8);
            json.JsonString(item.Summary);
        }

        if (item.Image is not null)
        {
            json.Raw(",\"image\":"u8);
            json.JsonString(FeedWriter.AsciiUri(item.Image));
        }

        json.Raw(",\"date_published\":\""u8);
        json.Time(item.Published.UtcDateTime, UtcFormat);
        json.Raw("\",\"date_modified\":\""u8);
        json.Time(item.Updated.UtcDateTime, UtcFormat);
        json.Raw("\""u8);

        // An author object needs a name (or a url or avatar, which there are none of); a tag is a non-empty string.
        if (item.Author.Length > 0)
        {
            json.Raw(",\"authors\":[{\"name\":"u8);
            json.JsonString(item.Author);
            json.Raw("}]"u8);
        }

        var tags = 0;
        foreach (var category in item.Categories)
        {
            if (category.Length > 0)
            {
                json.Raw(tags++ == 0 ? ",\"tags\":["u8 : ","u8);
                json.JsonString(category);
            }
        }

        if (tags > 0)
        {
            json.Raw("]"u8);
        }

        if (item.Language is not null)
        {
            json.Raw(",\"language\":"u8);
            json.JsonString(item.Language);
        }

        // JSON Feed extensions start with an underscore; readers that do not know them ignore them.
        json.Raw(",\"_feedrelay\":{\"source\":"u8);
        json.JsonString(item.Source);
        json.Raw(item.Translated ? ",\"translated\":true"u8 : ",\"translated\":false"u8);
        if (item.OriginalLanguage is not null)
        {
            json.Raw(",\"original_language\":"u8);
            json.JsonString(item.OriginalLanguage);
        }

        json.Raw(",\"related\":["u8);
        for (var i = 0; i < item.Related.Count; i++)
        {
            var related = item.Related[i];
            json.Raw(i > 0 ? ",{\"url\":"u8 : "{\"url\":"u8);
            json.JsonString(FeedWriter.AsciiUri(related.Url));
            json.Raw(",\"source\":"u8);
            json.JsonString(related.Source);
            json.Raw(",\"title\":"u8);
            json.JsonString(related.Title);
            json.Raw("}"u8);
        }

        json.Raw("]}}"u8);
    }
}
