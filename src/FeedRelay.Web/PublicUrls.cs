namespace FeedRelay.Web;

/// <summary>Absolute URLs for links inside feeds and pages.</summary>
public static class PublicUrls
{
    /// <summary>
    /// The configured public base URL, else the request's scheme, host and path base; always ends with '/'. A request with no
    /// host (HTTP/1.0 may send none) is taken as one for <c>localhost</c>, rather than failing on a URL with no host.
    /// </summary>
    public static Uri BaseUrl(HttpContext context, FeedRelayOptions options)
    {
        var host = context.Request.Host.HasValue ? context.Request.Host.ToUriComponent() : "localhost";
        var text = !string.IsNullOrWhiteSpace(options.PublicBaseUrl)
            ? options.PublicBaseUrl
            : $"{context.Request.Scheme}://{host}{context.Request.PathBase}";
        return Uri.TryCreate(text.EndsWith('/') ? text : text + "/", UriKind.Absolute, out var url) ? url : new Uri($"{context.Request.Scheme}://localhost/");
    }
}
