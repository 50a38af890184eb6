using System.Globalization;
using System.Text;

namespace FeedRelay.Ingestion;

/// <summary>Canonical form of article URLs, so that one article has one id however its link was written.</summary>
public static class CanonicalUrl
{
    // Query parameters that only say where a click came from, by name (case-insensitive); "utm_" names all its family.
    private static readonly HashSet<string> TrackingNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "mc_cid", "mc_eid", "fbclid", "gclid", "dclid", "msclkid", "yclid", "igshid", "spm", "spm_id_from", "ref_src", "ref_url", "_hsenc",
        "_hsmi", "mkt_tok",
    };

    // Parameters that are tracking only for some values: Medium's "source=rss-…" (any value starting so), feeds' "from=rss",
    // "rss=1" and "ref=rss" (exactly).
    private static readonly (string Name, string Value, bool Prefix)[] TrackingValues =
        [("source", "rss", true), ("from", "rss", false), ("rss", "1", false), ("ref", "rss", false)];

    /// <summary>
    /// Lower-case scheme and host, no default port, no tracking parameters, normalised percent-escapes; no fragment, except a
    /// route of a single-page site (<c>#!/…</c>, <c>#/…</c>), which names the article.
    /// </summary>
    public static Uri Canonicalise(Uri link)
    {
        if (!link.IsAbsoluteUri || link.Scheme is not ("http" or "https"))
        {
            return link;
        }

        var builder = new StringBuilder(link.OriginalString.Length);
        builder.Append(link.Scheme).Append("://").Append(AsciiHost(link));
        if (!link.IsDefaultPort)
        {
            builder.Append(':').Append(link.Port.ToString(CultureInfo.InvariantCulture));
        }

        builder.Append(NormaliseEscapes(link.AbsolutePath));
        var kept = link.Query.TrimStart('?')
            .Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Where(pair => !IsTracking(pair))
            .Select(NormaliseEscapes)
            .ToArray();
        if (kept.Length > 0)
        {
            builder.Append('?').AppendJoin('&', kept);
        }

        if (link.Fragment is ['#', '!' or '/', ..] route)
        {
            builder.Append(NormaliseEscapes(route));
        }

        return Uri.TryCreate(builder.ToString(), UriKind.Absolute, out var canonical) ? canonical : link;
    }

    // Uri accepts hosts that are no valid IDN name (U+FFFD from undecodable seed bytes), and then IdnHost throws:
    // such a host is kept as written, since Uri has no non-throwing IDN conversion.
    private static string AsciiHost(Uri link)
    {
        try
        {
            return link.IdnHost.ToLowerInvariant().TrimEnd('.'); // "www.rfi.fr." is the fully qualified www.rfi.fr
        }
        catch (UriFormatException)
        {
            return link.Host.ToLowerInvariant().TrimEnd('.');
        }
    }

    /// <summary>
    /// The identity key of a link: its canonical form without the scheme and with repeated slashes collapsed,
    /// because archives wrote the same article as <c>http://www.rfi.fr//cn/…</c> and <c>https://www.rfi.fr/cn/…</c>.
    /// </summary>
    public static string IdentityKey(Uri link)
    {
        var canonical = Canonicalise(link);
        if (!canonical.IsAbsoluteUri)
        {
            return canonical.OriginalString;
        }

        var rest = canonical.AbsoluteUri[(canonical.Scheme.Length + 3)..];
        var query = rest.IndexOf('?', StringComparison.Ordinal);
        var path = query < 0 ? rest : rest[..query];
        while (path.Contains("//", StringComparison.Ordinal))
        {
            path = path.Replace("//", "/", StringComparison.Ordinal);
        }

        return query < 0 ? path : path + rest[query..];
    }

    private static bool IsTracking(string pair)
    {
        var equals = pair.IndexOf('=', StringComparison.Ordinal);
        var name = equals < 0 ? pair : pair[..equals];
        var value = equals < 0 ? "" : pair[(equals + 1)..];
        return name.StartsWith("utm_", StringComparison.OrdinalIgnoreCase)
            || TrackingNames.Contains(name)
            || TrackingValues.Any(t => name.Equals(t.Name, StringComparison.OrdinalIgnoreCase)
                && (t.Prefix ? value.StartsWith(t.Value, StringComparison.OrdinalIgnoreCase) : value.Equals(t.Value, StringComparison.OrdinalIgnoreCase)));
    }

    /// <summary>Upper-case hex in every escape (RFC 3986 6.2.2.1) and unreserved characters unescaped (6.2.2.2).</summary>
    private static string NormaliseEscapes(string text)
    {
        if (!text.Contains('%', StringComparison.Ordinal))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '%' && i + 2 < text.Length && char.IsAsciiHexDigit(text[i + 1]) && char.IsAsciiHexDigit(text[i + 2]))
            {
                var value = (char)Convert.ToByte(text.Substring(i + 1, 2), 16);
                if (char.IsAsciiLetterOrDigit(value) || value is '-' or '.' or '_' or '~')
                {
                    builder.Append(value);
                }
                else
                {
                    builder.Append('%').Append(char.ToUpperInvariant(text[i + 1])).Append(char.ToUpperInvariant(text[i + 2]));
                }

                i += 2;
            }
            else
            {
                builder.Append(text[i]);
            }
        }

        return builder.ToString();
    }
}
