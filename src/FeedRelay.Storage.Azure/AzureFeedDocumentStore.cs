using System.Globalization;
using System.Net;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using FeedRelay.Feeds;
using Microsoft.Extensions.Logging;

namespace FeedRelay.Storage.Azure;

/// <summary>
/// Materialised feed documents as one blob each in the <c>feeds</c> container (<see cref="AzureStorageOptions.FeedsContainer"/>):
/// the body is the identity, gzip and brotli encodings one after the other, and the metadata holds the lengths, the content
/// hash, Last-Modified, the index version the document was built from and its public base URL. A request revalidates its
/// cached copy with one conditional GET (<c>If-None-Match</c> on the blob's ETag: a 304 costs no body); a writer reads the
/// blob's properties and writes conditionally on their ETag, never over a document of a newer version.
/// </summary>
public sealed partial class AzureFeedDocumentStore : IFeedDocumentStore
{
    private const int MaxWriteAttempts = 8;
    private const string VersionKey = "feedversion";
    private const string HashKey = "hash";
    private const string LastModifiedKey = "lastmodified";
    private const string IdentityLengthKey = "identitylength";
    private const string GzipLengthKey = "gziplength";
    private const string BaseUrlKey = "baseurl";

    private readonly BlobContainerClient _container;
    private readonly CreateOnce _create;
    private readonly ILogger<AzureFeedDocumentStore> _logger;

    /// <summary>Creates the store over <paramref name="clients"/>; nothing is sent until first use.</summary>
    public AzureFeedDocumentStore(AzureStorageClients clients, ILogger<AzureFeedDocumentStore> logger)
    {
        _container = clients.Blobs.GetBlobContainerClient(clients.Options.FeedsContainer);
        _create = new CreateOnce(ct => _container.CreateIfNotExistsAsync(cancellationToken: ct));
        _logger = logger;
    }

    /// <inheritdoc />
    public bool IsEnabled => true;

    /// <inheritdoc />
    public async Task<FeedDocumentRead> ReadAsync(string name, string? ifNoneMatch, CancellationToken cancellationToken = default)
    {
        var blob = _container.GetBlobClient(name);
        try
        {
            var options = new BlobDownloadOptions
            {
                Conditions = ifNoneMatch is null ? null : new BlobRequestConditions { IfNoneMatch = new ETag(ifNoneMatch) },
            };
            var response = await blob.DownloadContentAsync(options, cancellationToken).ConfigureAwait(false);
            var details = response.Value.Details;
            var document = Parse(details.Metadata, response.Value.Content.ToMemory());
            if (document is null)
            {
                LogUnreadable(name);
                return FeedDocumentRead.Missing;
            }

            return new FeedDocumentRead(FeedDocumentReadStatus.Found, document, details.ETag.ToString());
        }
        catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.NotModified)
        {
            return new FeedDocumentRead(FeedDocumentReadStatus.NotModified, null, ifNoneMatch);
        }
        catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.NotFound)
        {
            // No blob, or no container yet: nothing is materialised.
            return FeedDocumentRead.Missing;
        }
    }

    /// <inheritdoc />
    public async Task DeleteAsync(string name, CancellationToken cancellationToken = default)
    {
        try
        {
            await _container.GetBlobClient(name).DeleteIfExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.NotFound)
        {
            // No container yet: nothing was materialised.
        }
    }

    /// <inheritdoc />
    public async Task<FeedDocumentWriteResult> WriteAsync(
        string name, StoredFeedDocument document, bool overwriteSameVersion, CancellationToken cancellationToken = default)
    {
        await _create.EnsureAsync(cancellationToken).ConfigureAwait(false);
        var blob = _container.GetBlobClient(name);
        for (var attempt = 1; ; attempt++)
        {
            BlobProperties? existing = null;
            try
            {
                existing = (await blob.GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
            }
            catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.NotFound)
            {
            }

            BlobRequestConditions conditions;
            if (existing is not null)
            {
                var metadata = existing.Metadata;
                var sameBase = metadata.TryGetValue(BaseUrlKey, out var baseUrl) && Uri.UnescapeDataString(baseUrl) == document.BaseUrl;
                var version = metadata.TryGetValue(VersionKey, out var text) && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : -1;
                if (sameBase && version > document.Version)
                {
                    return FeedDocumentWriteResult.Superseded;
                }

                // Same bytes: the stored Last-Modified stays, still true for them (a rebuild after a change outside the page
                // carries a later one, which would only cost readers that revalidate by date a needless download).
                if (sameBase && metadata.TryGetValue(HashKey, out var hash) && hash == document.Hash)
                {
                    if (version < document.Version)
                    {
                        // Same bytes, newer build: raise the version, so that a slower build of an older version cannot replace it.
                        var raised = new Dictionary<string, string>(metadata, StringComparer.Ordinal) { [VersionKey] = Text(document.Version) };
                        try
                        {
                            await blob.SetMetadataAsync(raised, new BlobRequestConditions { IfMatch = existing.ETag }, cancellationToken).ConfigureAwait(false);
                        }
                        catch (RequestFailedException ex) when (IsConflict(ex) && attempt < MaxWriteAttempts)
                        {
                            continue;
                        }
                    }

                    return FeedDocumentWriteResult.Unchanged;
                }

                if (sameBase && version == document.Version && !overwriteSameVersion)
                {
                    return FeedDocumentWriteResult.Conflict;
                }

                conditions = new BlobRequestConditions { IfMatch = existing.ETag };
            }
            else
            {
                conditions = new BlobRequestConditions { IfNoneMatch = ETag.All };
            }

            try
            {
                await blob.UploadAsync(BinaryData.FromBytes(Body(document)), new BlobUploadOptions
                {
                    Conditions = conditions,
                    HttpHeaders = new BlobHttpHeaders { ContentType = "application/octet-stream" },
                    Metadata = MetadataOf(document),
                }, cancellationToken).ConfigureAwait(false);
                return FeedDocumentWriteResult.Written;
            }
            catch (RequestFailedException ex) when (IsConflict(ex) && attempt < MaxWriteAttempts)
            {
                // Written by another instance between our read and our write: read again and decide again.
                LogWriteConflict(name, attempt);
            }
        }
    }

    private static byte[] Body(StoredFeedDocument document)
    {
        var body = new byte[document.Identity.Length + document.Gzip.Length + document.Brotli.Length];
        document.Identity.CopyTo(body, 0);
        document.Gzip.CopyTo(body, document.Identity.Length);
        document.Brotli.CopyTo(body, document.Identity.Length + document.Gzip.Length);
        return body;
    }

    private static Dictionary<string, string> MetadataOf(StoredFeedDocument document) => new(StringComparer.Ordinal)
    {
        [VersionKey] = Text(document.Version),
        [HashKey] = document.Hash,
        [LastModifiedKey] = Seconds(document.LastModified),
        [IdentityLengthKey] = Text(document.Identity.Length),
        [GzipLengthKey] = Text(document.Gzip.Length),
        [BaseUrlKey] = Uri.EscapeDataString(document.BaseUrl),
    };

    private static StoredFeedDocument? Parse(IDictionary<string, string> metadata, ReadOnlyMemory<byte> body)
    {
        if (!TryLong(metadata, VersionKey, out var version) || !TryLong(metadata, LastModifiedKey, out var seconds)
            || !TryLong(metadata, IdentityLengthKey, out var identity) || !TryLong(metadata, GzipLengthKey, out var gzip)
            || !metadata.TryGetValue(HashKey, out var hash) || !metadata.TryGetValue(BaseUrlKey, out var baseUrl)
            || identity < 0 || gzip < 0 || identity + gzip > body.Length)
        {
            return null;
        }

        var span = body.Span;
        return new StoredFeedDocument(
            span[..(int)identity].ToArray(),
            span.Slice((int)identity, (int)gzip).ToArray(),
            span[(int)(identity + gzip)..].ToArray(),
            hash,
            DateTimeOffset.FromUnixTimeSeconds(seconds),
            version,
            Uri.UnescapeDataString(baseUrl));
    }

    private static bool TryLong(IDictionary<string, string> metadata, string key, out long value)
    {
        value = 0;
        return metadata.TryGetValue(key, out var text) && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out value);
    }

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Seconds(DateTimeOffset time) => Text(time.ToUnixTimeSeconds());

    private static bool IsConflict(RequestFailedException ex) =>
        ex.Status is (int)HttpStatusCode.PreconditionFailed or (int)HttpStatusCode.Conflict;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Materialised feed document {Name} has unreadable metadata; building the feed on demand")]
    private partial void LogUnreadable(string name);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Materialised feed document {Name} was written concurrently (attempt {Attempt}); re-reading")]
    private partial void LogWriteConflict(string name, int attempt);
}
