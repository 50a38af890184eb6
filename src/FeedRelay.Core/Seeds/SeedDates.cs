using System.Globalization;
using System.Text.RegularExpressions;

namespace FeedRelay.Seeds;

/// <summary>Parses the date forms seed files carry, keeping the offset the source wrote.</summary>
public static partial class SeedDates
{
    // RFC 822/1123 dates are matched after their weekday is taken off (see TryParseZoned) and their zone written as an offset
    // or one of the words below; "d" takes one or two digits.
    private static readonly string[] ZonedFormats =
    [
        "d MMM yyyy HH:mm:ss 'GMT'",
        "d MMM yyyy HH:mm:ss 'UTC'",
        "d MMM yyyy HH:mm:ss 'UT'",
        "d MMM yyyy HH:mm:ss 'Z'",
        "d MMM yyyy HH:mm:ss zzz",
        "d MMM yyyy HH:mm 'GMT'",
        "d MMM yyyy HH:mm zzz",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
        "yyyy-MM-dd'T'HH:mmK",
        "yyyy-MM-dd HH:mm:ss.FFFFFFFK",
    ];

    // The North American zone names RFC 822 defines (section 5.1), as offsets; not CST and CDT, which Chinese sites write
    // for China Standard Time (+08:00): a date in either is refused, so the next candidate (the epoch line) decides.
    private static readonly Dictionary<string, string> NamedZones = new(StringComparer.OrdinalIgnoreCase)
    {
        ["EST"] = "-05:00", ["EDT"] = "-04:00", ["MST"] = "-07:00", ["MDT"] = "-06:00", ["PST"] = "-08:00", ["PDT"] = "-07:00",
    };

    private static readonly string[] LocalFormats =
    [
        "yyyy-MM-dd HH:mm:ss",
        "yyyy-MM-dd HH:mm:ss.FFFFFFF",
        "yyyy-MM-dd'T'HH:mm:ss",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF",
        "yyyy-MM-dd HH:mm",
        "yyyy/MM/dd HH:mm:ss",
        // RFI: "20/07/2020 - 17:50".
        "dd/MM/yyyy - HH:mm",
        "dd/MM/yyyy HH:mm",
    ];

    /// <summary>Reads a date that names its own zone (RFC 1123/822, ISO 8601 with offset or Z); a date without a zone is refused.</summary>
    public static bool TryParseZoned(string? text, out DateTimeOffset value)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text) || text.Length > 64)
        {
            return false;
        }

        var trimmed = text.Trim();
        // The weekday says nothing the date does not, and feeds often get it wrong ("Sun, 20 Jul 2020"): it is not checked.
        if (trimmed.Length > 4 && char.IsAsciiLetter(trimmed[0]) && char.IsAsciiLetter(trimmed[1]) && char.IsAsciiLetter(trimmed[2]) && trimmed[3] == ',')
        {
            trimmed = trimmed[4..].TrimStart();
        }

        // The zone as the formats take it: a named North American zone as its offset, a zone word in capitals.
        var space = trimmed.LastIndexOf(' ');
        if (space > 0 && trimmed[(space + 1)..] is var zone && (NamedZones.TryGetValue(zone, out var offset) || zone.ToUpperInvariant() is "GMT" or "UTC" or "UT"))
        {
            trimmed = trimmed[..(space + 1)] + (offset ?? zone.ToUpperInvariant());
        }

        // Without this check "K" in the ISO formats also accepts a time with no zone and reads it as machine-local.
        if (!ZoneSuffix().IsMatch(trimmed))
        {
            return false;
        }

        // RFC 822 allows "+0000" without a colon, ISO 8601 allows "+08"; .NET's zzz and K want "+00:00".
        if (trimmed.Length > 5 && (trimmed[^5] == '+' || trimmed[^5] == '-') && trimmed[^4..].All(char.IsAsciiDigit))
        {
            trimmed = string.Concat(trimmed.AsSpan(0, trimmed.Length - 2), ":", trimmed.AsSpan(trimmed.Length - 2));
        }
        else if (trimmed.Length > 3 && (trimmed[^3] == '+' || trimmed[^3] == '-') && char.IsAsciiDigit(trimmed[^2]) && char.IsAsciiDigit(trimmed[^1])
            && char.IsAsciiDigit(trimmed[^4]))
        {
            trimmed += ":00";
        }

        // AssumeUniversal: a zone written as a word ('GMT', 'UTC', 'UT', 'Z') is a literal to .NET, which would otherwise
        // give the time the machine's own offset; formats with an offset (zzz, K) keep the one written.
        return DateTimeOffset.TryParseExact(trimmed, ZonedFormats, CultureInfo.InvariantCulture,
            DateTimeStyles.AllowWhiteSpaces | DateTimeStyles.AssumeUniversal, out value);
    }

    /// <summary>Reads a Unix epoch in milliseconds as UTC.</summary>
    public static bool TryParseEpochMilliseconds(string? text, out DateTimeOffset value)
    {
        value = default;
        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
            || ms < 0 || ms > 253_402_300_799_999)
        {
            return false;
        }

        value = DateTimeOffset.FromUnixTimeMilliseconds(ms);
        return true;
    }

    /// <summary>True when <paramref name="text"/> is a wall-clock date and time without a zone.</summary>
    public static bool IsLocal(string? text) => TryParseWallClock(text, out _);

    /// <summary>Reads a wall-clock time without a zone and places it in <paramref name="zone"/>.</summary>
    public static bool TryParseLocal(string? text, TimeZoneInfo zone, out DateTimeOffset value)
    {
        value = default;
        return TryParseWallClock(text, out var local) && TryPlace(local, zone, out value);
    }

    /// <summary>True when <paramref name="text"/> is a day without a time, such as BBC's <c>2020年 7月 20日</c> or <c>2020-07-20</c>.</summary>
    public static bool IsDay(string? text) => TryParseDay(text, out _);

    /// <summary>Reads a day without a time as the start of that day in <paramref name="zone"/>.</summary>
    public static bool TryParseDay(string? text, TimeZoneInfo zone, out DateTimeOffset value)
    {
        value = default;
        return TryParseDay(text, out var day) && TryPlace(day, zone, out value);
    }

    private static bool TryParseWallClock(string? text, out DateTime local)
    {
        local = default;
        return !string.IsNullOrWhiteSpace(text) && text.Length <= 64
            && DateTime.TryParseExact(text.Trim(), LocalFormats, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out local);
    }

    private static bool TryParseDay(string? text, out DateTime day)
    {
        day = default;
        if (string.IsNullOrWhiteSpace(text) || text.Length > 32)
        {
            return false;
        }

        var match = ChineseDay().Match(text);
        if (match.Success)
        {
            return DateTime.TryParseExact(
                $"{match.Groups["y"].Value}-{match.Groups["m"].Value.PadLeft(2, '0')}-{match.Groups["d"].Value.PadLeft(2, '0')}",
                "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day);
        }

        return DateTime.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day);
    }

    private static bool TryPlace(DateTime local, TimeZoneInfo zone, out DateTimeOffset value)
    {
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        try
        {
            // A wall-clock time inside a DST gap still gets the zone's standard offset rather than an error.
            value = new DateTimeOffset(unspecified, zone.IsInvalidTime(unspecified) ? zone.BaseUtcOffset : zone.GetUtcOffset(unspecified));
            return true;
        }
        catch (ArgumentOutOfRangeException)
        {
            value = default;
            return false;
        }
    }

    [GeneratedRegex(@"(?:Z|[+-]\d\d(?::?\d\d)?|\bGMT|\bUTC?)$", RegexOptions.IgnoreCase | RegexOptions.NonBacktracking)]
    private static partial Regex ZoneSuffix();

    [GeneratedRegex(@"^\s*(?<y>\d{4})\s*年\s*(?<m>\d{1,2})\s*月\s*(?<d>\d{1,2})\s*日\s*$", RegexOptions.NonBacktracking)]
    private static partial Regex ChineseDay();
}
