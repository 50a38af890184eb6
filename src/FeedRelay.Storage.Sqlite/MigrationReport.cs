using System.Globalization;

namespace FeedRelay.Storage.Sqlite;

/// <summary>What the file-store import brought over.</summary>
internal sealed class MigrationReport
{
    public int Articles { get; set; }

    public int CacheEntries { get; set; }

    public int UsageDays { get; set; }

    public int QueueItems { get; set; }

    public int Rejections { get; set; }

    public int Skipped { get; set; }

    public int Total => Articles + CacheEntries + UsageDays + QueueItems + Rejections;

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Articles} articles, {CacheEntries} cache, {UsageDays} usage, {QueueItems} queue, {Rejections} rejections");
}
