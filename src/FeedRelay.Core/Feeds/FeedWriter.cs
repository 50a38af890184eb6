using System.Buffers;

namespace FeedRelay.Feeds;

/// <summary>Writes a <see cref="FeedDocument"/> in any <see cref="FeedFormat"/>.</summary>
public static class FeedWriter
{
    /// <summary>The document in <paramref name="format"/>, as UTF-8 bytes.</summary>
    public static byte[] Write(FeedFormat format, FeedDocument document) => Write(format, document, (FeedItemCache?)null);

    /// <summary>The same bytes as <see cref="Write(FeedFormat, FeedDocument)"/>, copying the rendered fragments of items that came from <paramref name="cache"/> (and keeping new ones there).</summary>
    public static byte[] Write(FeedFormat format, FeedDocument document, FeedItemCache? cache)
    {
        using var buffer = new PooledBufferWriter(EstimateSize(document));
        Write(format, document, buffer, cache);
        return buffer.ToArray();
    }

    /// <summary>Writes the document in <paramref name="format"/> as UTF-8 to <paramref name="output"/> (the same bytes as <see cref="Write(FeedFormat, FeedDocument)"/>).</summary>
    public static void Write(FeedFormat format, FeedDocument document, IBufferWriter<byte> output) => Write(format, document, output, null);

    private static void Write(FeedFormat format, FeedDocument document, IBufferWriter<byte> output, FeedItemCache? cache)
    {
        switch (format)
        {
            case FeedFormat.Rss:
                RssWriter.Write(document, output, cache);
                break;
            case FeedFormat.Atom:
                AtomWriter.Write(document, output, cache);
                break;
            case FeedFormat.Json:
                JsonFeedWriter.Write(document, output, cache);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(format));
        }
    }

    /// <summary>The original-language, unclustered feed of <paramref name="articles"/> (already newest first) in <paramref name="format"/>.</summary>
    public static byte[] Write(FeedFormat format, FeedDescription feed, IReadOnlyList<Article> articles) =>
        Write(format, feed, articles, null);

    /// <summary>
    /// The same bytes as <see cref="Write(FeedFormat, FeedDescription, IReadOnlyList{Article})"/>, building and rendering only
    /// the items that <paramref name="cache"/> has no current fragment of (none when the cache is null).
    /// </summary>
    public static byte[] Write(FeedFormat format, FeedDescription feed, IReadOnlyList<Article> articles, FeedItemCache? cache) =>
        Write(format, FeedDocumentBuilder.Build(feed, articles, FeedView.Original, ClusteringOptions.Disabled, articles.Count, cache), cache);

    /// <summary>
    /// <paramref name="url"/> as a URI (RFC 3986): <see cref="Uri.AbsoluteUri"/> escapes the path, query and fragment but keeps
    /// an internationalised host in Unicode, which makes it an IRI; fields whose format asks for a URI (RSS 2.0's links and
    /// enclosure, JSON Feed's URLs) get the host in Punycode (<see cref="Uri.IdnHost"/>). A host that is no valid IDN name
    /// (<see cref="Uri.IdnHost"/> throws) is kept as written.
    /// </summary>
    internal static string AsciiUri(Uri url)
    {
        var absolute = url.AbsoluteUri;
        if (System.Text.Ascii.IsValid(absolute))
        {
            return absolute;
        }

        string idnHost;
        try
        {
            idnHost = url.IdnHost;
        }
        catch (UriFormatException)
        {
            return absolute;
        }

        // Everything but the host is escaped (ASCII), so the host is the one non-ASCII run after the scheme's "://".
        var host = url.Host;
        var at = host.Length == 0 ? -1 : absolute.IndexOf(host, url.Scheme.Length + 3, StringComparison.Ordinal);
        return at < 0 ? absolute : string.Concat(absolute.AsSpan(0, at), idnHost, absolute.AsSpan(at + host.Length));
    }

    /// <summary>A stable RFC 4151 tag URI for <paramref name="specific"/>.</summary>
    public static string TagUri(string specific) => "tag:feedrelay,2026:" + specific;

    /// <summary>A first guess of a document's size in bytes, so that the buffer rarely has to grow: three bytes per character of text.</summary>
    internal static int EstimateSize(FeedDocument document)
    {
        long chars = 2048;
        foreach (var item in document.Items)
        {
            chars += Chars(item);
        }

        return (int)Math.Min(chars * 3, Array.MaxLength / 2);
    }

    /// <summary>A first guess of one item's size in bytes, as <see cref="EstimateSize(FeedDocument)"/> makes it.</summary>
    internal static int EstimateSize(FeedItem item) => (int)Math.Min(Chars(item) * 3, Array.MaxLength / 2);

    private static long Chars(FeedItem item) => 1024L + item.Title.Length + item.Summary.Length + item.ContentHtml.Length;

    /// <summary>Guesses an image's media type from the extension in its path, else in its query (image proxies), else JPEG.</summary>
    internal static string ImageMediaType(Uri image)
    {
        // Allocation-free: the path's extension, else the last query part (split at & ? =) with a known extension.
        if (FromExtension(image.AbsolutePath) is { } type)
        {
            return type;
        }

        ReadOnlySpan<char> query = image.Query;
        string? last = null;
        foreach (var part in query.SplitAny("&?="))
        {
            last = FromExtension(query[part]) ?? last;
        }

        return last ?? "image/jpeg";
    }

    /// <summary>The media type of a known image extension after the last dot of <paramref name="text"/> (ASCII, any case).</summary>
    private static string? FromExtension(ReadOnlySpan<char> text)
    {
        var dot = text.LastIndexOf('.');
        if (dot < 0)
        {
            return null;
        }

        var extension = text[(dot + 1)..];
        return System.Text.Ascii.EqualsIgnoreCase(extension, "jpg") || System.Text.Ascii.EqualsIgnoreCase(extension, "jpeg") ? "image/jpeg"
            : System.Text.Ascii.EqualsIgnoreCase(extension, "png") ? "image/png"
            : System.Text.Ascii.EqualsIgnoreCase(extension, "gif") ? "image/gif"
            : System.Text.Ascii.EqualsIgnoreCase(extension, "webp") ? "image/webp"
            : System.Text.Ascii.EqualsIgnoreCase(extension, "avif") ? "image/avif"
            : System.Text.Ascii.EqualsIgnoreCase(extension, "svg") ? "image/svg+xml"
            : null;
    }
}
