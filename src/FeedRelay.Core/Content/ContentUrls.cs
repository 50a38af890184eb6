namespace FeedRelay.Content;

/// <summary>Pure URL rules of content cleaning: resolving, proxy unwrapping, placeholders, re-proxying.</summary>
public static class ContentUrls
{
    /// <summary>Proxies can wrap proxies (FT's Thumbor wraps itself); deeper nesting is not followed.</summary>
    private const int MaxUnwrapDepth = 4;

    /// <summary>
    /// <paramref name="raw"/> as an absolute URL: protocol-relative URLs get https, relative ones are resolved
    /// against <paramref name="baseUrl"/>. Null when it cannot be made absolute.
    /// </summary>
    public static Uri? Resolve(string? raw, Uri? baseUrl)
    {
        var text = raw?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (text.StartsWith("//", StringComparison.Ordinal))
        {
            return Uri.TryCreate("https:" + text, UriKind.Absolute, out var protocolRelative) ? protocolRelative : null;
        }

        if (Uri.TryCreate(text, UriKind.Absolute, out var absolute) && !IsFileLike(absolute, text))
        {
            return absolute;
        }

        return baseUrl is not null && baseUrl.IsAbsoluteUri && Uri.TryCreate(baseUrl, text, out var resolved) ? resolved : null;
    }

    /// <summary>The original image URL inside <paramref name="url"/> if a rule in <paramref name="rules"/> matches; else <paramref name="url"/>.</summary>
    public static Uri Unwrap(Uri url, IReadOnlyList<ImageProxyRule> rules)
    {
        var current = url;
        for (var depth = 0; depth < MaxUnwrapDepth; depth++)
        {
            var rule = rules.FirstOrDefault(r => string.Equals(r.Host, current.Host, StringComparison.OrdinalIgnoreCase));
            var inner = rule is null ? null : Inner(current, rule);
            if (inner is null)
            {
                break;
            }

            current = inner;
        }

        return current;
    }

    /// <summary>Whether <paramref name="url"/> is a placeholder image on one of <paramref name="hosts"/> (or a subdomain).</summary>
    public static bool IsPlaceholder(Uri url, IReadOnlyList<string> hosts) =>
        hosts.Any(h => url.Host.Equals(h, StringComparison.OrdinalIgnoreCase)
                       || url.Host.EndsWith("." + h, StringComparison.OrdinalIgnoreCase));

    /// <summary><paramref name="url"/> re-proxied through <paramref name="template"/> (<c>{url}</c> is replaced), or unchanged without one.</summary>
    public static Uri Reproxy(Uri url, string? template)
    {
        if (string.IsNullOrWhiteSpace(template) || !template.Contains("{url}", StringComparison.Ordinal))
        {
            return url;
        }

        return Uri.TryCreate(template.Replace("{url}", Uri.EscapeDataString(url.AbsoluteUri), StringComparison.Ordinal), UriKind.Absolute, out var proxied)
            ? proxied
            : url;
    }

    /// <summary>Whether <paramref name="url"/>'s scheme is one of <paramref name="schemes"/>.</summary>
    public static bool HasScheme(Uri url, IReadOnlyList<string> schemes) =>
        url.IsAbsoluteUri && schemes.Any(s => string.Equals(s, url.Scheme, StringComparison.OrdinalIgnoreCase));

    /// <summary>The URL a proxy wraps, or null when <paramref name="proxied"/> does not carry one.</summary>
    private static Uri? Inner(Uri proxied, ImageProxyRule rule)
    {
        var raw = rule.Form switch
        {
            ImageProxyForm.QueryParameter => QueryValue(proxied.Query, rule),
            ImageProxyForm.WholeQuery => proxied.Query.Length > 1 ? proxied.Query[1..] : null,
            ImageProxyForm.PathAfterPrefix => AfterPrefix(proxied, rule.PathPrefix),
            _ => null,
        };
        return FromWrapped(raw);
    }

    /// <summary>
    /// The value of the rule's parameter, running up to the proxy's next own parameter rather than the next <c>&amp;</c>,
    /// so that an unescaped wrapped URL keeps its query.
    /// </summary>
    private static string? QueryValue(string query, ImageProxyRule rule)
    {
        var text = query.StartsWith('?') ? query[1..] : query;
        var key = rule.Parameter + "=";
        var start = text.StartsWith(key, StringComparison.OrdinalIgnoreCase) ? 0 : text.IndexOf("&" + key, StringComparison.OrdinalIgnoreCase) + 1;
        if (start == 0 && !text.StartsWith(key, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var value = text[(start + key.Length)..];
        for (var amp = value.IndexOf('&', StringComparison.Ordinal); amp >= 0; amp = value.IndexOf('&', amp + 1))
        {
            var nameEnd = value.IndexOfAny(['=', '&'], amp + 1);
            var name = nameEnd < 0 ? value[(amp + 1)..] : value[(amp + 1)..nameEnd];
            if (rule.OtherParameters.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                value = value[..amp];
                break;
            }
        }

        return value;
    }

    /// <summary>Thumbor-style: <c>/prefix/[options/]*scheme://original</c>; the original's own query follows it.</summary>
    private static string? AfterPrefix(Uri proxied, string prefix)
    {
        var pathAndQuery = proxied.PathAndQuery;
        if (!pathAndQuery.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var rest = pathAndQuery[prefix.Length..];
        var start = rest.IndexOf("://", StringComparison.Ordinal);
        if (start <= 0)
        {
            return null; // none, or no scheme before it
        }

        var schemeStart = rest.LastIndexOf('/', start - 1) + 1;
        return rest[schemeStart..];
    }

    /// <summary>The wrapped text as a URL: percent-encoded, scheme-less (<c>host/path</c>) and weserv's <c>ssl:</c> forms included.</summary>
    private static Uri? FromWrapped(string? raw)
    {
        var text = raw?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        // A wrapped URL without a "/" of its own was escaped as a whole (https%3A%2F%2F…, host%2Fpath).
        if (text.Contains('%', StringComparison.Ordinal) && !text.Contains('/', StringComparison.Ordinal))
        {
            text = Uri.UnescapeDataString(text);
        }

        if (text.StartsWith("ssl:", StringComparison.OrdinalIgnoreCase))
        {
            text = "https://" + text[4..];
        }
        else if (text.StartsWith("//", StringComparison.Ordinal))
        {
            text = "https:" + text;
        }
        else if (!StartsWithScheme(text))
        {
            // Proxies such as weserv take the host without a scheme; every host seen in the archives serves https.
            text = "https://" + text;
        }

        return Uri.TryCreate(text, UriKind.Absolute, out var inner) && inner.Scheme is "http" or "https" && inner.Host.Contains('.', StringComparison.Ordinal)
            ? inner
            : null;
    }

    private static bool StartsWithScheme(string text)
    {
        var separator = text.IndexOf("://", StringComparison.Ordinal);
        return separator > 0 && char.IsAsciiLetter(text[0]) && text[..separator].All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.');
    }

    /// <summary>On Unix, "/path" parses as an absolute file URI; in HTML it is a root-relative URL.</summary>
    private static bool IsFileLike(Uri uri, string text) => uri.IsFile && text.StartsWith('/');
}
