namespace FeedRelay.Seeds;

/// <summary>Settings a seed parser needs; passed in so that parsing stays pure.</summary>
public sealed record SeedParserOptions
{
    /// <summary>Default options: times without a zone are read as China Standard Time (UTC+8), the zone of most seed archives.</summary>
    public static SeedParserOptions Default { get; } = new();

    /// <summary>Zone for wall-clock times that carry no offset.</summary>
    public TimeZoneInfo DefaultZone { get; init; } = TimeZoneInfo.CreateCustomTimeZone("UTC+08", TimeSpan.FromHours(8), "UTC+08", "UTC+08");
}
