namespace FeedRelay.Storage;

/// <summary>One seed file as last seen and what became of it.</summary>
/// <param name="RelativePath">Path relative to the seeds folder, with '/' separators.</param>
/// <param name="Size">File size in bytes when read.</param>
/// <param name="Modified">File modification time when read.</param>
/// <param name="Sha256">Hex SHA-256 of the bytes read.</param>
/// <param name="Outcome">What ingestion did with it.</param>
/// <param name="ArticleId">The article it became (<see cref="SeedOutcome.Ingested"/>, <see cref="SeedOutcome.Unchanged"/>).</param>
/// <param name="RejectionCode">Why it was rejected (<see cref="SeedOutcome.Rejected"/>).</param>
public sealed record SeedLedgerEntry(
    string RelativePath, long Size, DateTimeOffset Modified, string Sha256, SeedOutcome Outcome, string? ArticleId = null, string? RejectionCode = null);

/// <summary>What ingestion did with a seed file.</summary>
public enum SeedOutcome
{
    /// <summary>It was stored as a new or changed article.</summary>
    Ingested = 1,

    /// <summary>It was rejected (and quarantined) with a code.</summary>
    Rejected = 2,

    /// <summary>It gave an article identical to the stored one.</summary>
    Unchanged = 3,
}
