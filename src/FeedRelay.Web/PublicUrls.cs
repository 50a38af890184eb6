namespace FeedRelay.Web;

/// <summary>Absolute URLs for links inside feeds and pages.</summary>
public static class PublicUrls
{
    /// <summary>The configured public base URL, else the request's scheme, host and path base; always ends with '/'.</summary>
    public static Uri BaseUrl(HttpContext context, FeedRelayOptions options)
    {
        var text = !string.IsNullOrWhiteSpace(options.PublicBaseUrl)
            ? options.PublicBaseUrl
            : $"{context.Request.Scheme}://{context.Request.Host}{context.Request.PathBase}";
        return new Uri(text.EndsWith('/') ? text : text + "/");
    }
}
