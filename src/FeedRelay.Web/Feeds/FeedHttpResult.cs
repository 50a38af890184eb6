using FeedRelay.Feeds;
using Microsoft.Net.Http.Headers;

namespace FeedRelay.Web.Feeds;

/// <summary>
/// Serves a <see cref="FeedSnapshot"/> with HTTP caching: strong ETags per encoding, Last-Modified, 304 on
/// If-None-Match / If-Modified-Since, HEAD, Cache-Control and Vary, and the pre-compressed brotli or gzip bytes
/// that the client accepts.
/// </summary>
/// <remarks><paramref name="now"/> caps <c>Last-Modified</c> and tells an <c>If-Modified-Since</c> from the future.</remarks>
public sealed class FeedHttpResult(FeedSnapshot snapshot, FeedFormat format, int maxAgeSeconds, DateTimeOffset now) : IResult
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
        // Never later than now (RFC 9110 8.8.2.1): an article dated in the future would otherwise make every later change
        // look older than what a client echoes back in If-Modified-Since.
        var lastModified = Seconds(snapshot.LastModified < now ? snapshot.LastModified : now);
        if (HasDate)
        {
            headers.LastModified = lastModified;
        }

        headers.CacheControl = new CacheControlHeaderValue { Public = true, MaxAge = TimeSpan.FromSeconds(maxAgeSeconds) };
        response.Headers.Vary = "Accept-Encoding";

        if (NotModified(request, lastModified, now, out var matched))
        {
            // The stored response the 304 refreshes is the one whose tag matched (a shared cache may hold another
            // encoding than the one this request would get), RFC 9111 4.3.4.
            if (matched is not null)
            {
                headers.ETag = matched;
            }

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

    /// <summary>
    /// If-None-Match uses the weak comparison (RFC 9110 13.1.2), so any encoding of the same content matches; when it is
    /// sent, If-Modified-Since is not looked at, even if it could not be parsed (then nothing matches). If-Modified-Since
    /// compares whole seconds (an HTTP date has no more) and is ignored when later than now (RFC 9110 13.1.3).
    /// </summary>
    private bool NotModified(HttpRequest request, DateTimeOffset lastModified, DateTimeOffset now, out EntityTagHeaderValue? matched)
    {
        var typed = request.GetTypedHeaders();
        matched = null;
        if (request.Headers.IfNoneMatch.Count > 0)
        {
            var tag = typed.IfNoneMatch.FirstOrDefault(t => t.Tag == "*" || BaseHash(t.Tag.ToString()) == snapshot.Hash);
            if (tag is null)
            {
                return false;
            }

            // A tag of this content in another encoding names that response; "*" names none (the current one stays).
            matched = tag.Tag == "*" ? null : tag;
            return true;
        }

        return HasDate && typed.IfModifiedSince is { } since && since <= now && lastModified <= since;
    }

    private static DateTimeOffset Seconds(DateTimeOffset time) => new(time.UtcTicks - (time.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);

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
