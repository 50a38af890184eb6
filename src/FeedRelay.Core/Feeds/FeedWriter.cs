using System.Buffers;

namespace FeedRelay.Feeds;

/// <summary>Writes a <see cref="FeedDocument"/> in any <see cref="FeedFormat"/>.</summary>
public static class FeedWriter
{
    /// <summary>The document in <paramref name="format"/>, as UTF-8 bytes.</summary>
    public static byte[] Write(FeedFormat format, FeedDocument document) => format switch
    {
        FeedFormat.Rss => RssWriter.Write(document),
        FeedFormat.Atom => AtomWriter.Write(document),
        FeedFormat.Json => JsonFeedWriter.Write(document),
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };

    /// <summary>Writes the document in <paramref name="format"/> as UTF-8 to <paramref name="output"/> (the same bytes as <see cref="Write(FeedFormat, FeedDocument)"/>).</summary>
    public static void Write(FeedFormat format, FeedDocument document, IBufferWriter<byte> output)
    {
        switch (format)
        {
            case FeedFormat.Rss:
                RssWriter.Write(document, output);
                break;
            case FeedFormat.Atom:
                AtomWriter.Write(document, output);
                break;
            case FeedFormat.Json:
                JsonFeedWriter.Write(document, output);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(format));
        }
    }

    /// <summary>The original-language, unclustered feed of <paramref name="articles"/> (already newest first) in <paramref name="format"/>.</summary>
    public static byte[] Write(FeedFormat format, FeedDescription feed, IReadOnlyList<Article> articles) =>
        Write(format, FeedDocumentBuilder.Build(feed, articles, FeedView.Original, ClusteringOptions.Disabled, articles.Count));

    /// <summary>A stable RFC 4151 tag URI for <paramref name="specific"/>.</summary>
    public static string TagUri(string specific) => "tag:feedrelay,2026:" + specific;

    /// <summary>A first guess of a document's size in bytes, so that the buffer rarely has to grow: three bytes per character of text.</summary>
    internal static int EstimateSize(FeedDocument document)
    {
        long chars = 2048;
        foreach (var item in document.Items)
        {
            chars += 1024 + item.Title.Length + item.Summary.Length + item.ContentHtml.Length;
        }

        return (int)Math.Min(chars * 3, Array.MaxLength / 2);
    }

    /// <summary>Guesses an image's media type from the extension in its path, else in its query (image proxies), else JPEG.</summary>
    internal static string ImageMediaType(Uri image)
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
