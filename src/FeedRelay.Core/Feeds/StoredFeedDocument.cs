namespace FeedRelay.Feeds;

/// <summary>
/// A feed document as materialised in shared storage for every instance to serve: its three encodings, the validators
/// derived from its content (never from a clock, so that two instances building the same index state write the same
/// bytes), the index version it was built from, and the public base URL its links point to.
/// </summary>
/// <param name="Identity">The uncompressed document.</param>
/// <param name="Gzip">The document gzip-compressed.</param>
/// <param name="Brotli">The document brotli-compressed.</param>
/// <param name="Hash">Hex SHA-256 prefix of <paramref name="Identity"/>, the basis of the HTTP ETags.</param>
/// <param name="LastModified">The HTTP Last-Modified: the newest change of any item, or of the feed's source when later; whole seconds.</param>
/// <param name="Version">The store's version of the feed when the build started; a stored document is never replaced by an older one.</param>
/// <param name="BaseUrl">The public base URL (ends with '/') the document's links were made with.</param>
public sealed record StoredFeedDocument(
    byte[] Identity, byte[] Gzip, byte[] Brotli, string Hash, DateTimeOffset LastModified, long Version, string BaseUrl);
