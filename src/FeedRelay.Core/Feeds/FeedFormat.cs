namespace FeedRelay.Feeds;

/// <summary>The feed document formats FeedRelay writes.</summary>
public enum FeedFormat
{
    /// <summary>RSS 2.0.</summary>
    Rss,

    /// <summary>Atom 1.0 (RFC 4287).</summary>
    Atom,

    /// <summary>JSON Feed 1.1.</summary>
    Json,
}

/// <summary>Media types and file extensions of <see cref="FeedFormat"/>.</summary>
public static class FeedFormats
{
    /// <summary>Every format, in the order they are listed to people.</summary>
    public static IReadOnlyList<FeedFormat> All { get; } = [FeedFormat.Rss, FeedFormat.Atom, FeedFormat.Json];

    /// <summary>The Content-Type header value of <paramref name="format"/>.</summary>
    public static string MediaType(this FeedFormat format) => format.BareMediaType() + "; charset=utf-8";

    /// <summary>The media type of <paramref name="format"/> without parameters, as used in <c>link type</c> attributes.</summary>
    public static string BareMediaType(this FeedFormat format) => format switch
    {
        FeedFormat.Rss => "application/rss+xml",
        FeedFormat.Atom => "application/atom+xml",
        FeedFormat.Json => "application/feed+json",
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };

    /// <summary>The path extension of <paramref name="format"/>, without the dot.</summary>
    public static string Extension(this FeedFormat format) => format switch
    {
        FeedFormat.Rss => "rss",
        FeedFormat.Atom => "atom",
        _ => "json",
    };

    /// <summary>A short human name of <paramref name="format"/>.</summary>
    public static string DisplayName(this FeedFormat format) => format switch
    {
        FeedFormat.Rss => "RSS",
        FeedFormat.Atom => "Atom",
        _ => "JSON Feed",
    };

    /// <summary>Reads a path extension.</summary>
    public static bool TryParse(string extension, out FeedFormat format)
    {
        switch (extension.ToLowerInvariant())
        {
            case "rss" or "xml":
                format = FeedFormat.Rss;
                return true;
            case "atom":
                format = FeedFormat.Atom;
                return true;
            case "json":
                format = FeedFormat.Json;
                return true;
            default:
                format = default;
                return false;
        }
    }
}
