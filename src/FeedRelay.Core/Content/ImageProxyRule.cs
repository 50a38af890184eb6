namespace FeedRelay.Content;

/// <summary>How an image proxy wraps the original URL.</summary>
public enum ImageProxyForm
{
    /// <summary>The original is one query parameter, possibly without its scheme (<c>?url=host/path</c>).</summary>
    QueryParameter,

    /// <summary>The original is the whole query string (<c>https://proxy/?http://host/path</c>).</summary>
    WholeQuery,

    /// <summary>The original is the path after a prefix and optional option segments (Thumbor: <c>/unsafe/300x200/https://…</c>).</summary>
    PathAfterPrefix,
}

/// <summary>One image-proxy rule: which host, and where the original URL sits in the proxied one.</summary>
public sealed record ImageProxyRule
{
    /// <summary>Host of the proxy (matched exactly, case-insensitive).</summary>
    public string Host { get; init; } = "";

    /// <summary>Where the original URL is.</summary>
    public ImageProxyForm Form { get; init; } = ImageProxyForm.QueryParameter;

    /// <summary>Query parameter name, for <see cref="ImageProxyForm.QueryParameter"/>.</summary>
    public string Parameter { get; init; } = "url";

    /// <summary>
    /// The proxy's own other query parameters, for <see cref="ImageProxyForm.QueryParameter"/>: the wrapped URL runs up to
    /// the first of these. Archives put unescaped URLs with their own <c>&amp;</c> parameters inside the proxy URL.
    /// </summary>
    public IReadOnlyList<string> OtherParameters { get; init; } = [];

    /// <summary>Path prefix before the original, for <see cref="ImageProxyForm.PathAfterPrefix"/>.</summary>
    public string PathPrefix { get; init; } = "/";
}
