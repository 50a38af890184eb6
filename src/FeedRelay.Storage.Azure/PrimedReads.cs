namespace FeedRelay.Storage.Azure;

/// <summary>
/// What a recent read found for an article id (its blob, or that there was none), kept briefly so that the write that
/// follows it (ingestion reads a batch with <see cref="AzureArticleStore.GetManyAsync"/>, then writes it) does not read the
/// same blob again. Safe because every write is conditional on what was read (<c>If-Match</c> the ETag, or
/// <c>If-None-Match: *</c> for none): a stale entry only makes the write fail and read again. Taking an entry removes it;
/// entries older than <see cref="MaxAge"/> are ignored, and the map is emptied when it holds <see cref="MaxEntries"/>, so it
/// stays small whatever is read. Thread-safe.
/// </summary>
internal sealed class PrimedReads(TimeProvider clock)
{
    /// <summary>Most entries kept; ingestion batches are a few hundred articles.</summary>
    public const int MaxEntries = 4096;

    /// <summary>How long a read may be used for the write that follows it.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(10);

    private readonly Dictionary<string, (StoredBlob? Blob, long At)> _entries = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>Remembers that article <paramref name="id"/> was read as <paramref name="blob"/> (null: no blob).</summary>
    public void Set(string id, StoredBlob? blob)
    {
        lock (_lock)
        {
            if (_entries.Count >= MaxEntries)
            {
                _entries.Clear();
            }

            _entries[id] = (blob, clock.GetTimestamp());
        }
    }

    /// <summary>Takes the recent read of <paramref name="id"/>: false when there is none (read the blob).</summary>
    public bool TryTake(string id, out StoredBlob? blob)
    {
        lock (_lock)
        {
            if (_entries.Remove(id, out var entry) && clock.GetElapsedTime(entry.At) <= MaxAge)
            {
                blob = entry.Blob;
                return true;
            }
        }

        blob = null;
        return false;
    }
}
