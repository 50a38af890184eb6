using System.Net;
using System.Text.RegularExpressions;

namespace FeedRelay.Seeds;

/// <summary>
/// Reads the "link header" seed family (duty-machine/news and its archives, formats B1/B2):
/// an optional <c>&lt;!--epoch ms--&gt;</c> line, a <c>[title](url)</c> line, a <c>------</c> line (tolerated when missing),
/// an optional <c>日期：</c> line, then the item HTML whose first element may be a date/author line (see <see cref="MetaLine"/>).
/// </summary>
public static partial class LinkHeaderSeedParser
{
    /// <summary>Format name recorded on articles read by this parser.</summary>
    public const string FormatName = "link-header";

    /// <summary>True when <paramref name="text"/> starts the way this family does.</summary>
    public static bool Matches(string text) => Matches(text, 0);

    /// <summary><see cref="Matches(string)"/> for the part of <paramref name="text"/> from <paramref name="start"/> on, without copying it.</summary>
    internal static bool Matches(string text, int start)
    {
        var position = start;
        var line = LineReader.NextNonEmptyLine(text, ref position);
        if (!line.IsEmpty && EpochLine().IsMatch(line))
        {
            line = LineReader.NextNonEmptyLine(text, ref position);
        }

        return !line.IsEmpty && line.Length <= MaxHeaderLine && TitleLine().IsMatch(line);
    }

    /// <summary>Parses one seed of this family.</summary>
    public static SeedResult Parse(string text, SeedParserOptions options) => Parse(text, options, null);

    /// <summary>Parses one seed; <paramref name="fallback"/> is a date from an outer wrapper, used when the seed itself has none.</summary>
    internal static SeedResult Parse(string text, SeedParserOptions options, (DateTimeOffset Value, string From)? fallback)
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

        var titleMatch = line is null || line.Length > MaxHeaderLine ? null : TitleLine().Match(line);
        if (titleMatch is not { Success: true })
        {
            return SeedResult.Failure("link-header.title", $"link-header: expected '[title](url)' at line {reader.LineNumber}");
        }

        var title = SiteSuffix().Replace(WebUtility.HtmlDecode(titleMatch.Groups["title"].Value), "").Trim();
        Uri.TryCreate(titleMatch.Groups["url"].Value.Trim(), UriKind.Absolute, out var link);
        if (link is not null && link.Scheme is not ("http" or "https"))
        {
            link = null;
        }

        // A human reads the file the same with or without the separator, so a missing one is not an error.
        if (reader.Peek() is { } separator && SeparatorLine().IsMatch(separator))
        {
            reader.Next();
        }

        string? dateLine = null;
        if (reader.PeekNonEmpty() is { } maybeDate && maybeDate.Length <= MaxHeaderLine && DateLine().Match(maybeDate) is { Success: true } dm)
        {
            reader.NextNonEmpty();
            dateLine = dm.Groups["date"].Value;
        }

        var meta = MetaLine.Read(reader.RestTrimmed());
        if (string.IsNullOrWhiteSpace(title))
        {
            return SeedResult.Failure("link-header.empty-title", $"link-header: the title in '[title](url)' at line {reader.LineNumber} is empty");
        }

        var zone = options.ZoneFor(link, FormatName);
        if (!TryPickDate(meta, dateLine, epoch, zone, fallback, out var published, out var from))
        {
            return SeedResult.Failure("link-header.no-date", meta.Local is not null || meta.Day is not null
                ? $"link-header: the only date, '{meta.Local ?? meta.Day}', has no zone and none is configured for '{link?.Host}'"
                : "link-header: no publication date (no epoch line, date line or dated metadata)");
        }

        return new ParsedSeed
        {
            Format = FormatName,
            Title = title,
            Link = link,
            Published = published,
            PublishedFrom = from,
            Author = meta.Author,
            Html = meta.RemainingHtml,
        };
    }

    /// <summary>
    /// Most trustworthy first: the article's own date with its zone, CDT's date line, the article's own wall-clock time
    /// in the site's configured zone, the feed's pubDate (epoch comment: when the aggregator saw the item, minutes late),
    /// the article's day alone, then the wrapper's date.
    /// </summary>
    private static bool TryPickDate(MetaLine meta, string? dateLine, string? epoch, TimeZoneInfo? zone,
        (DateTimeOffset Value, string From)? fallback, out DateTimeOffset published, out string from)
    {
        (published, from) = (default, "");
        if (SeedDates.TryParseZoned(meta.Zoned, out published))
        {
            from = "html:meta";
        }
        else if (SeedDates.TryParseZoned(dateLine, out published))
        {
            from = "date-line";
        }
        else if (zone is not null && SeedDates.TryParseLocal(meta.Local, zone, out published))
        {
            from = "html:meta-local";
        }
        else if (SeedDates.TryParseEpochMilliseconds(epoch, out published))
        {
            from = "epoch-comment";
        }
        else if (zone is not null && SeedDates.TryParseDay(meta.Day, zone, out published))
        {
            from = "html:meta-day";
        }
        else if (fallback is { } outer)
        {
            (published, from) = outer;
        }

        return from.Length > 0;
    }

    private const int MaxHeaderLine = 8192;

    // RFI feeds sometimes carried the page title, with the site name after the headline.
    [GeneratedRegex(@"\s+[–-]\s+法国国际广播电台\s+-\s+RFI\s*$", RegexOptions.NonBacktracking)]
    private static partial Regex SiteSuffix();

    // Any short comment counts as the epoch line: the generator wrote "<!--NaN-->" when the feed had no pubDate.
    [GeneratedRegex(@"^\s*<!--\s*(?<ms>[^<>]{0,40}?)\s*-->\s*$", RegexOptions.NonBacktracking)]
    private static partial Regex EpochLine();

    [GeneratedRegex(@"^\s*\[(?<title>.*)\]\((?<url>[^()\s]*(?:\([^()\s]*\)[^()\s]*)*)\)\s*$", RegexOptions.NonBacktracking)]
    private static partial Regex TitleLine();

    [GeneratedRegex(@"^\s*-{3,}\s*$", RegexOptions.NonBacktracking)]
    private static partial Regex SeparatorLine();

    [GeneratedRegex(@"^\s*日期[：:]\s*(?<date>.+?)\s*$", RegexOptions.NonBacktracking)]
    private static partial Regex DateLine();
}
