using FeedRelay.Seeds;

namespace FeedRelay.Ingestion;

/// <summary>Settings of ingestion.</summary>
public sealed record IngestionOptions
{
    /// <summary>Largest seed accepted, in bytes (default 5 MiB).</summary>
    public long MaxSeedBytes { get; init; } = 5 * 1024 * 1024;

    /// <summary>How seeds are parsed.</summary>
    public SeedParserOptions Parser { get; init; } = SeedParserOptions.Default;
}
