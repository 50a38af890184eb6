using System.Security.Cryptography;
using System.Text;

namespace FeedRelay.Storage.Azure;

/// <summary>
/// Where a translation cache key lives in the <c>translationcache</c> table: cache keys may hold characters tables forbid
/// in keys, so the row key is the SHA-256 of the cache key, and its first two hex digits are the partition (256
/// partitions spread the load without making point reads any harder). The cached value and the claim on the text being
/// sent share the row, so caching the value ends the claim.
/// </summary>
internal static class TranslationCacheKeys
{
    /// <summary>The column that holds a cached translation's number of value columns: a row without it is a claim, not a translation.</summary>
    public const string ChunksColumn = "Chunks";

    /// <summary>Point reads and writes in flight at once for one call (each is one round trip).</summary>
    public const int Parallelism = 8;

    /// <summary>Options that run one call's point requests <see cref="Parallelism"/> at a time.</summary>
    public static ParallelOptions Fanout(CancellationToken cancellationToken) =>
        new() { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken };

    /// <summary>The partition and row key of <paramref name="key"/>.</summary>
    public static (string Partition, string Row) Of(string key)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
        return (hash[..2], hash);
    }
}
