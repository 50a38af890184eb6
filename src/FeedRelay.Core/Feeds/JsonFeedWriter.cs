using System.Text.Encodings.Web;
using System.Text.Json;

namespace FeedRelay.Feeds;

/// <summary>Writes JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/).</summary>
public static class JsonFeedWriter
{
    // Feeds are served as application/feed+json, never inlined in HTML, so non-ASCII text can stay readable.
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The JSON Feed of <paramref name="document"/>, as UTF-8 bytes.</summary>
    public static byte[] Write(FeedDocument document)
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
                WriteItem(json, item);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static void WriteItem(Utf8JsonWriter json, FeedItem item)
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
}
