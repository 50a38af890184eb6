using System.Net;
using System.Text.RegularExpressions;

namespace FeedRelay.Seeds;

/// <summary>
/// Reads the "link header" seed family (duty-machine/news and its archives):
/// an optional <c>&lt;!--epoch ms--&gt;</c> line, a <c>[title](url)</c> line, a <c>------</c> line,
/// an optional <c>日期：</c> line, then the item HTML whose first element may be a date/author line.
/// </summary>
public static partial class LinkHeaderSeedParser
{
    /// <summary>Format name recorded on articles read by this parser.</summary>
    public const string FormatName = "link-header";

    /// <summary>True when <paramref name="text"/> starts the way this family does.</summary>
    public static bool Matches(string text)
    {
        var lines = FirstLines(text, 3);
        var i = 0;
        if (i < lines.Count && EpochLine().IsMatch(lines[i]))
        {
            i++;
        }

        return i < lines.Count && TitleLine().IsMatch(lines[i]);
    }

    /// <summary>Parses one seed of this family.</summary>
    public static SeedResult Parse(string text, SeedParserOptions options)
    {
        var reader = new LineReader(text);
        string? epoch = null;
        var line = reader.NextNonEmpty();
        var epochMatch = line is null ? null : EpochLine().Match(line);
        if (epochMatch is { Success: true })
        {
            epoch = epochMatch.Groups["ms"].Value;
            line = reader.NextNonEmpty();
        }

        var titleMatch = line is null ? null : TitleLine().Match(line);
        if (titleMatch is not { Success: true })
        {
            return SeedResult.Failure("link-header.title", $"link-header: expected '[title](url)' at line {reader.LineNumber}");
        }

        var title = WebUtility.HtmlDecode(titleMatch.Groups["title"].Value).Trim();
        Uri.TryCreate(titleMatch.Groups["url"].Value.Trim(), UriKind.Absolute, out var link);

        var separatorLine = reader.LineNumber + 1;
        if (reader.Peek() is { } sep && SeparatorLine().IsMatch(sep))
        {
            reader.Next();
        }
        else
        {
            return SeedResult.Failure("link-header.separator", $"link-header: expected '------' at line {separatorLine}");
        }

        string? dateLine = null;
        if (reader.PeekNonEmpty() is { } maybeDate && DateLine().Match(maybeDate) is { Success: true } dm)
        {
            reader.NextNonEmpty();
            dateLine = dm.Groups["date"].Value;
        }

        var html = reader.Rest().Trim();
        var meta = ReadMetaLine(html);
        html = meta.RemainingHtml;

        if (string.IsNullOrWhiteSpace(title))
        {
            return SeedResult.Failure("link-header.empty-title", "link-header: the title in '[title](url)' is empty");
        }

        if (!TryPickDate(meta, dateLine, epoch, options, out var published, out var from))
        {
            return SeedResult.Failure("link-header.no-date", "link-header: no publication date (no epoch line, date line or dated metadata)");
        }

        return new ParsedSeed
        {
            Format = FormatName,
            Title = title,
            Link = link,
            Published = published,
            PublishedFrom = from,
            Author = meta.Author,
            Html = html,
        };
    }

    private static bool TryPickDate(MetaLine meta, string? dateLine, string? epoch, SeedParserOptions options,
        out DateTimeOffset published, out string from)
    {
        // The article's own date (in its metadata line) beats the feed's pubDate in the epoch comment,
        // which is when the aggregator saw the item and is minutes off.
        foreach (var part in meta.Parts)
        {
            if (SeedDates.TryParseZoned(part, out published))
            {
                from = "html:meta";
                return true;
            }
        }

        if (SeedDates.TryParseZoned(dateLine, out published))
        {
            from = "date-line";
            return true;
        }

        if (SeedDates.TryParseEpochMilliseconds(epoch, out published))
        {
            from = "epoch-comment";
            return true;
        }

        foreach (var part in meta.Parts)
        {
            if (SeedDates.TryParseLocal(part, options.DefaultZone, out published))
            {
                from = "html:meta-local";
                return true;
            }
        }

        from = "";
        return false;
    }

    private static MetaLine ReadMetaLine(string html)
    {
        var match = MetaDiv().Match(html);
        if (!match.Success)
        {
            return new MetaLine([], null, html);
        }

        var inner = match.Groups["inner"].Value;
        var parts = BreakTag().Split(inner)
            .Select(p => WebUtility.HtmlDecode(TagPattern().Replace(p, "")).Trim())
            .Where(p => p.Length > 0)
            .ToArray();
        var dated = parts.Where(p => SeedDates.TryParseZoned(p, out _) || SeedDates.TryParseLocal(p, TimeZoneInfo.Utc, out _)).ToArray();
        var author = parts.Except(dated).FirstOrDefault(p => p != "Array");
        return new MetaLine(dated, author, html[match.Length..].TrimStart());
    }

    private static List<string> FirstLines(string text, int count)
    {
        var reader = new LineReader(text);
        var lines = new List<string>(count);
        while (lines.Count < count && reader.NextNonEmpty() is { } line)
        {
            lines.Add(line);
        }

        return lines;
    }

    private sealed record MetaLine(IReadOnlyList<string> Parts, string? Author, string RemainingHtml);

    [GeneratedRegex(@"^\s*<!--\s*(?<ms>\d{9,16})\s*-->\s*$")]
    private static partial Regex EpochLine();

    [GeneratedRegex(@"^\s*\[(?<title>.*)\]\((?<url>[^()\s]*(?:\([^()\s]*\)[^()\s]*)*)\)\s*$")]
    private static partial Regex TitleLine();

    [GeneratedRegex(@"^\s*-{3,}\s*$")]
    private static partial Regex SeparatorLine();

    [GeneratedRegex(@"^\s*日期[：:]\s*(?<date>.+?)\s*$")]
    private static partial Regex DateLine();

    // The first element of the item HTML: <div><i>…</i></div> (VOA, DW, NYT, BBC, Reuters) or <div>…</div> (RFI, FT).
    [GeneratedRegex(@"^<div>\s*(?:<i>(?<inner>.*?)</i>|(?<inner>[^<]{0,80}))\s*</div>\s*(?:Array)?", RegexOptions.Singleline)]
    private static partial Regex MetaDiv();

    [GeneratedRegex(@"<br\s*/?>", RegexOptions.IgnoreCase)]
    private static partial Regex BreakTag();

    [GeneratedRegex(@"<[^>]*>")]
    private static partial Regex TagPattern();
}
