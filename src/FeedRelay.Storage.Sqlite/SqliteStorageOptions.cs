namespace FeedRelay.Storage.Sqlite;

/// <summary>Settings of the embedded SQLite store (bindable from configuration); every value has a safe default and is validated at start.</summary>
public sealed record SqliteStorageOptions
{
    /// <summary>Name of the database file inside <see cref="DataPath"/>.</summary>
    public const string FileName = "feedrelay.db";

    /// <summary>Folder holding <c>feedrelay.db</c> (and, before the upgrade, the file store's folders).</summary>
    public string DataPath { get; set; } = ".data";

    /// <summary>Reader connections kept open for queries (readers never block the writer under WAL).</summary>
    public int ReadConnections { get; set; } = 4;

    /// <summary>Most write operations committed in one transaction when they queue up.</summary>
    public int MaxBatch { get; set; } = 512;

    /// <summary>How long a keyword search, or a query with filters checked row by row, may run before it is interrupted.</summary>
    public TimeSpan SearchTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a connection waits for a lock held by another process before failing.</summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Page cache per connection, in KiB (bounds memory: connections × this).</summary>
    public int CacheSizeKiB { get; set; } = 8192;

    /// <summary>Page cache of the one writer connection, in KiB.</summary>
    public int WriterCacheSizeKiB { get; set; } = 32768;

    /// <summary>WAL size, in 4 KiB pages, at which the writer checkpoints it into the database file.</summary>
    public int CheckpointPages { get; set; } = 4096;

    /// <summary>On first open, import what the file store left in <see cref="DataPath"/> (once; the old files stay untouched).</summary>
    public bool ImportFileStore { get; set; } = true;

    /// <summary>Why these options are unusable, or null when they are fine.</summary>
    public string? Validate() =>
        string.IsNullOrWhiteSpace(DataPath) ? "DataPath must name a folder."
        : ReadConnections is < 1 or > 64 ? "ReadConnections must be between 1 and 64."
        : MaxBatch is < 1 or > 100_000 ? "MaxBatch must be between 1 and 100000."
        : SearchTimeout <= TimeSpan.Zero ? "SearchTimeout must be positive."
        : BusyTimeout < TimeSpan.Zero ? "BusyTimeout must not be negative."
        : CacheSizeKiB is < 64 or > 1_048_576 ? "CacheSizeKiB must be between 64 and 1048576."
        : WriterCacheSizeKiB is < 64 or > 1_048_576 ? "WriterCacheSizeKiB must be between 64 and 1048576."
        : CheckpointPages is < 100 or > 1_000_000 ? "CheckpointPages must be between 100 and 1000000."
        : null;
}
