namespace FeedRelay.Storage;

/// <summary>
/// What became of every seed file seen, keyed by its path relative to the seeds folder, so that a restart or rescan reads again
/// only the files whose size or modification time changed. Skip/re-read decisions are the caller's; the ledger only remembers.
/// </summary>
public interface ISeedLedger
{
    /// <summary>The entry of <paramref name="relativePath"/>, or null when the file was never recorded.</summary>
    Task<SeedLedgerEntry?> GetAsync(string relativePath, CancellationToken cancellationToken = default);

    /// <summary>The entries among <paramref name="relativePaths"/> (unknown paths are absent), in one read.</summary>
    Task<IReadOnlyDictionary<string, SeedLedgerEntry>> GetManyAsync(IReadOnlyCollection<string> relativePaths, CancellationToken cancellationToken = default);

    /// <summary>Records (adds or replaces) <paramref name="entries"/> in one batched write.</summary>
    Task SetManyAsync(IReadOnlyList<SeedLedgerEntry> entries, CancellationToken cancellationToken = default);

    /// <summary>Forgets <paramref name="relativePath"/> (the file was deleted); false when it was not recorded.</summary>
    Task<bool> RemoveAsync(string relativePath, CancellationToken cancellationToken = default);

    /// <summary>At most <paramref name="limit"/> entries with paths ordinally after <paramref name="afterPath"/> (null: from the first), by path; pages through the ledger.</summary>
    Task<IReadOnlyList<SeedLedgerEntry>> ListAsync(string? afterPath, int limit, CancellationToken cancellationToken = default);

    /// <summary>Number of recorded files.</summary>
    Task<long> CountAsync(CancellationToken cancellationToken = default);
}
