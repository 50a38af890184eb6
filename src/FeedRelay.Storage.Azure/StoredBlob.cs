using Azure;

namespace FeedRelay.Storage.Azure;

/// <summary>
/// One read of an article blob: the article (null when the blob cannot be parsed), its ETag and content hash, and the indexed
/// state the write that stored it replaced (from the blob's metadata, see <see cref="PreviousState"/>), and the id a create
/// without a prior read tagged it with (<see cref="ArticleBlobs.WriteAsync"/> recognises its own create when a retried request meets it).
/// </summary>
internal sealed record StoredBlob(Article? Article, ETag ETag, string Hash, Article? Previous, string? PreviousHash, string? WriteId = null);
