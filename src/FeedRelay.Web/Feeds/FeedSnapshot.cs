using FeedRelay.Feeds;
using System.Security.Cryptography;

namespace FeedRelay.Web.Feeds;

/// <summary>One built feed document, ready to serve: identity, gzip and brotli bytes, its validators.</summary>
public sealed class FeedSnapshot
{
    private FeedSnapshot(byte[] identity, byte[] gzip, byte[] brotli, string hash, DateTimeOffset lastModified, long version)
    {
        Identity = identity;
        Gzip = gzip;
        Brotli = brotli;
        Hash = hash;
        LastModified = lastModified;
        Version = version;
    }

    /// <summary>The uncompressed document.</summary>
    public byte[] Identity { get; }

    /// <summary>The document gzip-compressed.</summary>
    public byte[] Gzip { get; }

    /// <summary>The document brotli-compressed.</summary>
    public byte[] Brotli { get; }

    /// <summary>Hex SHA-256 prefix of <see cref="Identity"/>: the basis of every representation's strong ETag.</summary>
    public string Hash { get; }

    /// <summary>When this content was last modified, whole seconds.</summary>
    public DateTimeOffset LastModified { get; }

    /// <summary>The index version the document was built from.</summary>
    public long Version { get; }

    /// <summary>Bytes held in memory, for the cache's size limit.</summary>
    public long Size => Identity.Length + Gzip.Length + Brotli.Length;

    /// <summary>Compresses <paramref name="document"/> both ways and hashes it.</summary>
    public static FeedSnapshot Create(byte[] document, DateTimeOffset lastModified, long version)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(document).AsSpan(0, 16));
        var seconds = DateTimeOffset.FromUnixTimeSeconds(lastModified.ToUnixTimeSeconds());
        return new FeedSnapshot(document, FeedCompression.Gzip(document), FeedCompression.Brotli(document), hash, seconds, version);
    }

    /// <summary>A document materialised in shared storage, served as stored (its bytes and validators were made by <see cref="Create"/>).</summary>
    public static FeedSnapshot FromStored(StoredFeedDocument document) =>
        new(document.Identity, document.Gzip, document.Brotli, document.Hash, document.LastModified, document.Version);

    /// <summary>This snapshot as a document to materialise, with links made for <paramref name="baseUrl"/>.</summary>
    public StoredFeedDocument ToStored(Uri baseUrl) => new(Identity, Gzip, Brotli, Hash, LastModified, Version, baseUrl.AbsoluteUri);

    /// <summary>The same content at a new version (the index changed, this feed did not): validators stay.</summary>
    public FeedSnapshot At(long version) => new(Identity, Gzip, Brotli, Hash, LastModified, version);
}
