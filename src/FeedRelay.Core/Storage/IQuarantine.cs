namespace FeedRelay.Storage;

/// <summary>Keeps rejected seed files byte-for-byte with the reason they were rejected.</summary>
public interface IQuarantine
{
    /// <summary>Keeps <paramref name="content"/> aside with <paramref name="rejection"/>.</summary>
    Task AddAsync(Rejection rejection, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default);

    /// <summary>Every rejection, newest first (for small quarantines and tests; requests use <see cref="ListPageAsync"/>).</summary>
    Task<IReadOnlyList<Rejection>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// At most <paramref name="limit"/> rejections from where <paramref name="continuation"/> (null: the start) left off, with the
    /// continuation of the next page (null after the last). Stores whose listing is paged (Azure: in key order) override the
    /// default, which pages over <see cref="ListAsync"/>. A continuation the store did not give throws <see cref="FormatException"/>.
    /// </summary>
    async Task<RejectionPage> ListPageAsync(int limit, string? continuation, CancellationToken cancellationToken = default)
    {
        // Keyset, not offset: the continuation is the last item's time and key, so rejections retried (and removed) from
        // earlier pages do not shift the next page past ones not seen yet.
        var all = (await ListAsync(cancellationToken).ConfigureAwait(false))
            .OrderByDescending(r => r.At).ThenBy(r => r.Sha256, StringComparer.Ordinal).ToList();
        var start = 0;
        if (continuation is not null)
        {
            var parts = continuation.Split('_');
            if (parts.Length != 2 || !long.TryParse(parts[0], System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var ticks))
            {
                throw new FormatException($"'{continuation}' is not a continuation this quarantine gave");
            }

            start = all.FindIndex(r => r.At.UtcTicks < ticks || (r.At.UtcTicks == ticks && string.CompareOrdinal(r.Sha256, parts[1]) > 0));
            start = start < 0 ? all.Count : start;
        }

        var items = all.Skip(start).Take(Math.Max(1, limit)).ToList();
        var next = start + items.Count < all.Count && items.Count > 0
            ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{items[^1].At.UtcTicks}_{items[^1].Sha256}")
            : null;
        return new RejectionPage(items, next);
    }

    /// <summary>The rejection with key <paramref name="sha256"/>, or null; stores that can read one by key override the default, which lists.</summary>
    async Task<Rejection?> GetAsync(string sha256, CancellationToken cancellationToken = default) =>
        (await ListAsync(cancellationToken).ConfigureAwait(false)).FirstOrDefault(r => string.Equals(r.Sha256, sha256, StringComparison.OrdinalIgnoreCase));

    /// <summary>The kept bytes of a rejection, or null when unknown.</summary>
    Task<byte[]?> GetContentAsync(string sha256, CancellationToken cancellationToken = default);

    /// <summary>Forgets a rejection (after it was re-ingested successfully).</summary>
    Task RemoveAsync(string sha256, CancellationToken cancellationToken = default);

    /// <summary>
    /// Forgets every rejection whose <see cref="Rejection.Name"/> is <paramref name="name"/> (after a fixed file with other bytes
    /// was ingested under that name). Cheap when there are none: it looks up a per-name index, never the whole quarantine.
    /// </summary>
    Task RemoveByNameAsync(string name, CancellationToken cancellationToken = default);
}
