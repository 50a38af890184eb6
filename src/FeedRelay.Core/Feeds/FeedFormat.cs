namespace FeedRelay.Feeds;

/// <summary>The feed document formats FeedRelay writes.</summary>
public enum FeedFormat
{
    /// <summary>RSS 2.0.</summary>
    Rss,

    /// <summary>Atom 1.0 (RFC 4287).</summary>
    Atom,
}

/// <summary>Media types and file extensions of <see cref="FeedFormat"/>.</summary>
public static class FeedFormats
{
    /// <summary>The Content-Type header value of <paramref name="format"/>.</summary>
    public static string MediaType(this FeedFormat format) => format switch
    {
        FeedFormat.Rss => "application/rss+xml; charset=utf-8",
        FeedFormat.Atom => "application/atom+xml; charset=utf-8",
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };

    /// <summary>The path extension of <paramref name="format"/>, without the dot.</summary>
    public static string Extension(this FeedFormat format) => format == FeedFormat.Rss ? "rss" : "atom";

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
            default:
                format = default;
                return false;
        }
    }
}
