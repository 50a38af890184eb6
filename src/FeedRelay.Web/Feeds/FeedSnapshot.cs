using FeedRelay.Feeds;
using System.Security.Cryptography;

namespace FeedRelay.Web.Feeds;

/// <summary>
/// One built feed document, ready to serve: its bytes, validators, and its gzip and Brotli forms. Each compressed form is
/// made on the first request that asks for it and then kept (pre-compressed for every later request): a build that only
/// one client reads, such as one page of an archive walk, pays for the one encoding that client takes, not for both.
/// </summary>
public sealed class FeedSnapshot
{
    /// <summary>Room charged for the compressed forms beyond the document: feeds compress to 30–45% each, so both fit.</summary>
    private const int Slack = 512;

    private readonly Lock _compressing = new();
    private byte[]? _gzip;
    private byte[]? _brotli;

    private FeedSnapshot(byte[] identity, byte[]? gzip, byte[]? brotli, string hash, DateTimeOffset lastModified, long version)
    {
        Identity = identity;
        _gzip = gzip;
        _brotli = brotli;
        Hash = hash;
        LastModified = lastModified;
        Version = version;
    }

    /// <summary>The uncompressed document.</summary>
    public byte[] Identity { get; }

    /// <summary>The document gzip-compressed (made on first use).</summary>
    public byte[] Gzip => Volatile.Read(ref _gzip) ?? Keep(ref _gzip, FeedCompression.Gzip(Identity));

    /// <summary>The document brotli-compressed (made on first use).</summary>
    public byte[] Brotli => Volatile.Read(ref _brotli) ?? Keep(ref _brotli, FeedCompression.Brotli(Identity));

    /// <summary>Hex SHA-256 prefix of <see cref="Identity"/>: the basis of every representation's strong ETag.</summary>
    public string Hash { get; }

    /// <summary>When this content was last modified, whole seconds.</summary>
    public DateTimeOffset LastModified { get; }

    /// <summary>The index version the document was built from.</summary>
    public long Version { get; }

    /// <summary>
    /// Bytes this snapshot may come to hold, for the cache's size limit: the document, and as much again for its compressed
    /// forms. A form made here that would not fit is served without being kept, so the bound holds whatever the content; a
    /// stored document arrives with both forms, and is charged what it holds when that is more.
    /// </summary>
    public long Size => Math.Max((2L * Identity.Length) + Slack, Identity.Length + (long)(_gzip?.Length ?? 0) + (_brotli?.Length ?? 0));

    /// <summary>Hashes <paramref name="document"/>; its compressed forms are made when first asked for.</summary>
    public static FeedSnapshot Create(byte[] document, DateTimeOffset lastModified, long version)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(document).AsSpan(0, 16));
        var seconds = DateTimeOffset.FromUnixTimeSeconds(lastModified.ToUnixTimeSeconds());
        return new FeedSnapshot(document, null, null, hash, seconds, version);
    }

    /// <summary>A document materialised in shared storage, served as stored (its bytes and validators were made by <see cref="Create"/>).</summary>
    public static FeedSnapshot FromStored(StoredFeedDocument document) =>
        new(document.Identity, document.Gzip, document.Brotli, document.Hash, document.LastModified, document.Version);

    /// <summary>This snapshot as a document to materialise (both compressed forms), with links made for <paramref name="baseUrl"/>.</summary>
    public StoredFeedDocument ToStored(Uri baseUrl) => new(Identity, Gzip, Brotli, Hash, LastModified, Version, baseUrl.AbsoluteUri);

    /// <summary>The same content at a new version (the index changed, this feed did not): validators and compressed forms stay.</summary>
    public FeedSnapshot At(long version) => new(Identity, Volatile.Read(ref _gzip), Volatile.Read(ref _brotli), Hash, LastModified, version);

    /// <summary>Keeps <paramref name="compressed"/> in <paramref name="slot"/> unless another request did first, or it would not fit in <see cref="Size"/>.</summary>
    private byte[] Keep(ref byte[]? slot, byte[] compressed)
    {
        lock (_compressing)
        {
            if (slot is not null)
            {
                return slot;
            }

            var held = (_gzip?.Length ?? 0) + (_brotli?.Length ?? 0);
            if (held + compressed.Length <= Identity.Length + Slack)
            {
                Volatile.Write(ref slot, compressed);
            }

            return compressed;
        }
    }
}
