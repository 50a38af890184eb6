namespace FeedRelay.Ingestion;

/// <summary>Canonical form of article URLs, so that one article has one id however its link was written.</summary>
public static class CanonicalUrl
{
    private static readonly string[] TrackingPrefixes = ["utm_", "mc_", "fbclid", "gclid", "spm", "from=rss", "ref_src"];

    /// <summary>Lower-case scheme and host, no default port, no fragment, no tracking parameters, normalised escapes.</summary>
    public static Uri Canonicalise(Uri link)
    {
        if (!link.IsAbsoluteUri)
        {
            return link;
        }

        var builder = new UriBuilder(link)
        {
            Fragment = "",
            Host = link.IdnHost.ToLowerInvariant(),
        };
        if (link.IsDefaultPort)
        {
            builder.Port = -1;
        }

        var query = link.Query.TrimStart('?');
        if (query.Length > 0)
        {
            var kept = query.Split('&', StringSplitOptions.RemoveEmptyEntries)
                .Where(pair => !TrackingPrefixes.Any(prefix => pair.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)));
            builder.Query = string.Join('&', kept);
        }

        // Uri normalises percent-encoding (upper-case hex, unreserved characters decoded) on AbsoluteUri.
        return new Uri(builder.Uri.AbsoluteUri);
    }
}
