using System.Globalization;

namespace FeedRelay.Seeds;

/// <summary>Parses the date forms seed files carry, keeping the offset the source wrote.</summary>
public static class SeedDates
{
    private static readonly string[] ZonedFormats =
    [
        "ddd, dd MMM yyyy HH:mm:ss 'GMT'",
        "ddd, d MMM yyyy HH:mm:ss 'GMT'",
        "ddd, dd MMM yyyy HH:mm:ss zzz",
        "ddd, d MMM yyyy HH:mm:ss zzz",
        "ddd, dd MMM yyyy HH:mm:ss 'UT'",
        "ddd, dd MMM yyyy HH:mm:ss 'Z'",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
        "yyyy-MM-dd'T'HH:mmK",
        "yyyy-MM-dd HH:mm:ss.FFFFFFFK",
    ];

    /// <summary>Reads a date that names its own zone (RFC 1123/822, ISO 8601 with offset or Z).</summary>
    public static bool TryParseZoned(string? text, out DateTimeOffset value)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var trimmed = text.Trim();
        // RFC 822 allows "+0000" without a colon; .NET's zzz wants "+00:00".
        if (trimmed.Length > 5 && (trimmed[^5] == '+' || trimmed[^5] == '-') && trimmed[^4..].All(char.IsAsciiDigit))
        {
            trimmed = string.Concat(trimmed.AsSpan(0, trimmed.Length - 2), ":", trimmed.AsSpan(trimmed.Length - 2));
        }

        return DateTimeOffset.TryParseExact(trimmed, ZonedFormats, CultureInfo.InvariantCulture,
            DateTimeStyles.AllowWhiteSpaces, out value);
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

    /// <summary>Reads a wall-clock time without a zone and places it in <paramref name="zone"/>.</summary>
    public static bool TryParseLocal(string? text, TimeZoneInfo zone, out DateTimeOffset value)
    {
        value = default;
        string[] formats = ["yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", "yyyy-MM-dd HH:mm", "yyyy-MM-dd"];
        if (string.IsNullOrWhiteSpace(text)
            || !DateTime.TryParseExact(text.Trim(), formats, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var local))
        {
            return false;
        }

        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        value = new DateTimeOffset(unspecified, zone.GetUtcOffset(unspecified));
        return true;
    }
}
