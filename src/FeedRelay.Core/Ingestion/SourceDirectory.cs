namespace FeedRelay.Ingestion;

/// <summary>Names outlets from their web hosts when a seed does not name its source.</summary>
public sealed class SourceDirectory
{
    /// <summary>Known outlets of the seed archives: host suffix → display name and slug.</summary>
    public static IReadOnlyDictionary<string, KnownSource> Defaults { get; } = new Dictionary<string, KnownSource>(StringComparer.OrdinalIgnoreCase)
    {
        ["voachinese.com"] = new("美国之音", "voa"),
        ["dw.com"] = new("德国之声", "dw"),
        ["nytimes.com"] = new("纽约时报", "nytimes"),
        ["cn.nytimes.com"] = new("纽约时报", "nytimes"),
        ["bbc.com"] = new("BBC", "bbc"),
        ["bbc.co.uk"] = new("BBC", "bbc"),
        ["reuters.com"] = new("路透", "reuters"),
        ["rfi.fr"] = new("法广", "rfi"),
        ["ftchinese.com"] = new("金融时报", "ft"),
        ["cn.ft.com"] = new("金融时报", "ft"),
        ["rfa.org"] = new("自由亚洲电台", "rfa"),
        ["chinadigitaltimes.net"] = new("中国数字时代", "cdt"),
        ["aljazeera.net"] = new("Aljazeera 半岛网", "aljazeera"),
    };

    private readonly IReadOnlyDictionary<string, KnownSource> _known;

    /// <summary>Creates a directory over <paramref name="known"/> (defaults when null).</summary>
    public SourceDirectory(IReadOnlyDictionary<string, KnownSource>? known = null) => _known = known ?? Defaults;

    /// <summary>The outlet for <paramref name="link"/>'s host, or the bare host when unknown.</summary>
    public KnownSource? ForLink(Uri? link)
    {
        if (link is null || !link.IsAbsoluteUri)
        {
            return null;
        }

        var host = link.Host;
        for (var candidate = host; candidate.Contains('.', StringComparison.Ordinal); candidate = candidate[(candidate.IndexOf('.', StringComparison.Ordinal) + 1)..])
        {
            if (_known.TryGetValue(candidate, out var source))
            {
                return source;
            }
        }

        // www.allnow.com and m.allnow.com are one outlet.
        var bare = host;
        foreach (var prefix in (string[])["www.", "m.", "mobile."])
        {
            if (bare.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && bare.Length > prefix.Length)
            {
                bare = bare[prefix.Length..];
                break;
            }
        }

        return new KnownSource(bare, ArticleIdentity.Slug(bare));
    }

    /// <summary>The slug for a named source: a known outlet's slug when the name matches one, otherwise a slug of the name.</summary>
    public string SlugFor(string name, Uri? link)
    {
        foreach (var known in _known.Values)
        {
            if (string.Equals(known.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return known.Slug;
            }
        }

        // A mostly non-ASCII name ("经济学人en") leaves a stub of a slug; the outlet's host names it better.
        var hostSlug = ForLink(link)?.Slug;
        var slug = ArticleIdentity.Slug(name, hostSlug);
        return slug.Length < 3 && hostSlug is not null ? hostSlug : slug;
    }
}

/// <summary>An outlet's display name and URL-safe slug.</summary>
public sealed record KnownSource(string Name, string Slug);
