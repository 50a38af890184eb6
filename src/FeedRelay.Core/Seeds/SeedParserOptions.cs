namespace FeedRelay.Seeds;

/// <summary>Settings a seed parser needs; passed in so that parsing stays pure.</summary>
public sealed record SeedParserOptions
{
    /// <summary>
    /// Zones of sources whose seeds write wall-clock times without an offset, keyed by link host suffix
    /// (<c>rfi.fr</c>) or by seed format (<c>hexo</c>). Each was checked against the epoch line of the corpus seeds
    /// that carry both (the feed's pubDate comes minutes to an hour after the article's own time).
    /// </summary>
    public static IReadOnlyDictionary<string, string> DefaultZones { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        // NYT Chinese prints Beijing time: "2020-07-15 14:56:20" with the feed's pubDate at 07:44Z.
        ["nytimes.com"] = "Asia/Shanghai",
        // Reuters China prints UTC: "2020-07-18T00:33:49" with the feed's pubDate at 00:55Z.
        ["reuters.com"] = "Etc/UTC",
        // RFI prints Paris time: "20/07/2020 - 08:50" with the feed's pubDate at 07:55Z.
        ["rfi.fr"] = "Europe/Paris",
        // BBC Chinese prints only a day ("2020年 7月 20日"), used when nothing more precise is present.
        ["bbc.com"] = "Europe/London",
        ["bbc.co.uk"] = "Europe/London",
        // RSSHUB-PAGE (Hexo, formats A1/A2) wrote the fetch time when an item had no pubDate; its job ran on GitHub Actions, whose clock is UTC.
        ["hexo"] = "Etc/UTC",
    };

    // Declared after DefaultZones because static initialisers run in declaration order.

    /// <summary>Default options, with <see cref="DefaultZones"/>.</summary>
    public static SeedParserOptions Default { get; } = new();

    /// <summary>Zones for wall-clock times, by host suffix or format (see <see cref="DefaultZones"/>); a time from a source not listed is not guessed.</summary>
    public IReadOnlyDictionary<string, TimeZoneInfo> Zones { get; init; } = ResolveZones(DefaultZones);

    /// <summary>The configured zone for <paramref name="link"/>'s host or, failing that, for <paramref name="format"/>; null when none is configured.</summary>
    public TimeZoneInfo? ZoneFor(Uri? link, string format)
    {
        if (link is { IsAbsoluteUri: true })
        {
            for (var host = link.Host; host.Length > 0;)
            {
                if (Zones.TryGetValue(host, out var zone))
                {
                    return zone;
                }

                var dot = host.IndexOf('.', StringComparison.Ordinal);
                host = dot < 0 ? "" : host[(dot + 1)..];
            }
        }

        return Zones.TryGetValue(format, out var byFormat) ? byFormat : null;
    }

    /// <summary>Turns zone ids (IANA or Windows) into zones, layered over <see cref="DefaultZones"/>; unknown ids are reported in <paramref name="unknown"/>.</summary>
    public static IReadOnlyDictionary<string, TimeZoneInfo> ResolveZones(IReadOnlyDictionary<string, string>? overrides, ICollection<string>? unknown = null)
    {
        var merged = new Dictionary<string, string>(DefaultZones, StringComparer.OrdinalIgnoreCase);
        foreach (var (key, id) in overrides ?? new Dictionary<string, string>())
        {
            merged[key] = id;
        }

        var zones = new Dictionary<string, TimeZoneInfo>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, id) in merged)
        {
            if (TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone))
            {
                zones[key] = zone;
            }
            else
            {
                unknown?.Add($"{key}={id}");
            }
        }

        return zones;
    }
}
