using FeedRelay.Feeds;
using Microsoft.Net.Http.Headers;

namespace FeedRelay.Web.Feeds;

/// <summary>
/// Serves a <see cref="FeedSnapshot"/> with HTTP caching: strong ETags per encoding, Last-Modified, 304 on
/// If-None-Match / If-Modified-Since, HEAD, Cache-Control and Vary, and the pre-compressed brotli or gzip bytes
/// that the client accepts.
/// </summary>
public sealed class FeedHttpResult(FeedSnapshot snapshot, FeedFormat format, int maxAgeSeconds) : IResult
{
    /// <summary>The snapshot served.</summary>
    public FeedSnapshot Snapshot => snapshot;

    /// <inheritdoc />
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var request = httpContext.Request;
        var response = httpContext.Response;
        var (encoding, body, suffix) = ChooseEncoding(request);
        var headers = response.GetTypedHeaders();
        headers.ETag = new EntityTagHeaderValue($"\"{snapshot.Hash}{suffix}\"");
        if (HasDate)
        {
            headers.LastModified = snapshot.LastModified;
        }

        headers.CacheControl = new CacheControlHeaderValue { Public = true, MaxAge = TimeSpan.FromSeconds(maxAgeSeconds) };
        response.Headers.Vary = "Accept-Encoding";

        if (NotModified(request))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = format.MediaType();
        response.Headers.XContentTypeOptions = "nosniff"; // a browser opening a feed never takes its escaped HTML for a page
        if (encoding is not null)
        {
            response.Headers.ContentEncoding = encoding;
        }

        response.ContentLength = body.Length;
        if (!HttpMethods.IsHead(request.Method))
        {
            await response.Body.WriteAsync(body, httpContext.RequestAborted).ConfigureAwait(false);
        }
    }

    /// <summary>If-None-Match uses the weak comparison (RFC 9110 13.1.2), so any encoding of the same content matches.</summary>
    private bool NotModified(HttpRequest request)
    {
        var typed = request.GetTypedHeaders();
        var ifNoneMatch = typed.IfNoneMatch;
        if (ifNoneMatch.Count > 0)
        {
            return ifNoneMatch.Any(tag => tag.Tag == "*" || BaseHash(tag.Tag.ToString()) == snapshot.Hash);
        }

        return HasDate && typed.IfModifiedSince is { } since && snapshot.LastModified <= since;
    }

    /// <summary>False for a feed with nothing in it yet (no item, no change), whose document date is the Unix epoch: no <c>Last-Modified</c> then.</summary>
    private bool HasDate => snapshot.LastModified > DateTimeOffset.UnixEpoch;

    private static string BaseHash(string quoted)
    {
        var tag = quoted.Trim('"');
        var dash = tag.IndexOf('-', StringComparison.Ordinal);
        return dash < 0 ? tag : tag[..dash];
    }

    private (string? Encoding, byte[] Body, string Suffix) ChooseEncoding(HttpRequest request)
    {
        var accepted = request.GetTypedHeaders().AcceptEncoding;
        double Quality(string coding)
        {
            var match = accepted.FirstOrDefault(a => a.Value.Equals(coding, StringComparison.OrdinalIgnoreCase))
                ?? accepted.FirstOrDefault(a => a.Value == "*");
            return match is null ? 0 : match.Quality ?? 1.0;
        }

        var brotli = Quality("br");
        var gzip = Quality("gzip");
        if (brotli > 0 && brotli >= gzip)
        {
            return ("br", snapshot.Brotli, "-br");
        }

        return gzip > 0 ? ("gzip", snapshot.Gzip, "-gz") : (null, snapshot.Identity, "");
    }
}
