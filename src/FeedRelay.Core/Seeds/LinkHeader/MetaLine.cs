using System.Net;
using System.Text.RegularExpressions;

namespace FeedRelay.Seeds;

/// <summary>
/// The per-site first element of a link-header seed's HTML, holding the article's own date and byline:
/// VOA <c>&lt;div&gt;&lt;i&gt;Mon, 20 Jul 2020 19:22:03 GMT&lt;/i&gt;&lt;/div&gt;</c>, DW <c>&lt;i&gt;author&lt;br&gt;ISO&lt;/i&gt;</c>,
/// NYT <c>&lt;i&gt;AUTHOR&lt;br&gt;local time&lt;/i&gt;</c>, BBC <c>2020年 7月 20日</c>, Reuters local ISO,
/// RFI <c>&lt;div&gt;20/07/2020 - 17:50&lt;/div&gt;Array</c>, FT <c>&lt;div&gt;&lt;/div&gt;</c>.
/// </summary>
internal sealed partial record MetaLine(string? Zoned, string? Local, string? Day, string? Author, string RemainingHtml)
{
    /// <summary>Reads the metadata line at the start of <paramref name="html"/>; leaves the HTML alone when the first element is not one.</summary>
    public static MetaLine Read(string html)
    {
        var none = new MetaLine(null, null, null, null, html);
        // Only the first 4 KB are searched (as if cut there), without copying them.
        var match = MetaDiv().Match(html, 0, Math.Min(html.Length, 4096));
        if (!match.Success)
        {
            return none;
        }

        var inner = match.Groups["inner"].Value;
        string? zoned = null, local = null, day = null;
        var text = new List<string>();
        foreach (var raw in BreakTag().Split(inner))
        {
            var part = WebUtility.HtmlDecode(TagPattern().Replace(raw, "")).Trim();
            if (part.Length == 0)
            {
                continue;
            }

            if (zoned is null && SeedDates.TryParseZoned(part, out _))
            {
                zoned = part;
            }
            else if (local is null && SeedDates.IsLocal(part))
            {
                local = part;
            }
            else if (day is null && SeedDates.IsDay(part))
            {
                day = part;
            }
            else
            {
                text.Add(part);
            }
        }

        // Only a line that dates the article (or FT's empty one) is metadata; any other leading <div> is content.
        if (zoned is null && local is null && day is null && inner.Trim().Length > 0)
        {
            return none;
        }

        var rest = match.Length;
        while (rest < html.Length && char.IsWhiteSpace(html[rest]))
        {
            rest++;
        }

        return new MetaLine(zoned, local, day, Byline(text), html[rest..]);
    }

    /// <summary>DW writes "null" for a missing author and NYT repeats co-authors ("KONEY BAI,KONEY BAI").</summary>
    private static string? Byline(List<string> parts)
    {
        var names = parts
            .Select(p => Spaces().Replace(NullPrefix().Replace(p, ""), " ").Trim())
            .SelectMany(p => p.Split([',', '，'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            .Where(p => p.Length > 0 && !p.Equals("null", StringComparison.OrdinalIgnoreCase))
            .Distinct(StringComparer.Ordinal)
            .ToArray();
        return names.Length == 0 ? null : string.Join(", ", names);
    }

    [GeneratedRegex(@"^\s*<div>\s*(?:<i>(?<inner>[^<]{0,300}(?:<br\s*/?>[^<]{0,300}){0,4})</i>|(?<inner>[^<]{0,120}))\s*</div>(?:\s*Array\b)?",
        RegexOptions.IgnoreCase | RegexOptions.NonBacktracking)]
    private static partial Regex MetaDiv();

    [GeneratedRegex(@"<br\s*/?>", RegexOptions.IgnoreCase | RegexOptions.NonBacktracking)]
    private static partial Regex BreakTag();

    [GeneratedRegex(@"<[^>]*>", RegexOptions.NonBacktracking)]
    private static partial Regex TagPattern();

    [GeneratedRegex(@"\s{2,}", RegexOptions.NonBacktracking)]
    private static partial Regex Spaces();

    [GeneratedRegex(@"^null\s+", RegexOptions.IgnoreCase | RegexOptions.NonBacktracking)]
    private static partial Regex NullPrefix();
}
