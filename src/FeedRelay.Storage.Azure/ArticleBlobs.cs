using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Logging;

namespace FeedRelay.Storage.Azure;

/// <summary>
/// The article blobs of <see cref="AzureArticleStore"/>: one JSON blob per article id in the <c>articles</c> container, the
/// truth the index is built from. Writes one article's blob conditionally (on the ETag read, or on the blob not existing),
/// reads blobs (keeping what it reads in the content cache, <see cref="ArticleBlobCache"/>, and, for a write that follows,
/// in <see cref="PrimedReads"/>), and tracks which ids this instance has written but not indexed yet. It never touches the
/// index table.
/// </summary>
internal sealed partial class ArticleBlobs
{
    /// <summary>Most attempts of one conditional write before a conflict is passed on (also the most re-indexing rounds of <see cref="ArticleIndexer"/>).</summary>
    internal const int MaxWriteAttempts = 8;

    /// <summary>Metadata key of the id a create without a prior read tags its blob with.</summary>
    private const string WriteIdKey = "writeid";

    private readonly BlobContainerClient _container;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly CreateOnce _createContainer;
    private readonly ArticleBlobCache _cache;
    private readonly PrimedReads _primed;

    // Ids whose blob this instance has written and not indexed yet. An unchanged article among them whose index is missing
    // is not an interrupted write to report as stored: its own writer is about to index it and report it.
    private readonly ConcurrentDictionary<string, int> _unindexed = new(StringComparer.Ordinal);

    /// <summary>
    /// Creates the blobs over <paramref name="clients"/>' articles container; nothing is read until first use.
    /// <paramref name="logger"/> is the store's, so that the log category stays <see cref="AzureArticleStore"/>.
    /// </summary>
    public ArticleBlobs(AzureStorageClients clients, TimeProvider clock, ILogger logger)
    {
        var options = clients.Options;
        _container = clients.Blobs.GetBlobContainerClient(options.ArticlesContainer);
        _clock = clock;
        _logger = logger;
        _createContainer = new CreateOnce(ct => _container.CreateIfNotExistsAsync(cancellationToken: ct));
        _cache = new ArticleBlobCache(Math.Max(0, options.ContentCacheMegabytes) * 1024L * 1024L);
        _primed = new PrimedReads(clock);
    }

    /// <summary>Creates the articles container unless this process already has (<see cref="CreateOnce"/>).</summary>
    public Task EnsureContainerAsync(CancellationToken cancellationToken) => _createContainer.EnsureAsync(cancellationToken);

    /// <summary>
    /// Stores <paramref name="article"/>'s blob as <see cref="AzureArticleStore.UpsertAsync"/> decides, without touching the index; with
    /// <paramref name="carryOver"/>, as ingestion decides (<see cref="TranslationCarryOver"/>), trying a create without a read first.
    /// </summary>
    public async Task<Written> WriteAsync(Article article, bool carryOver, CancellationToken cancellationToken)
    {
        var blob = _container.GetBlobClient(BlobNameOf(article.Id));
        var createFirst = carryOver;
        string? ownCreate = null;
        for (var attempt = 1; ; attempt++)
        {
            // A read just made for this write (GetManyAsync) is used once; after a conflict the blob is read again. Ingestion
            // without such a read assumes a new article first: If-None-Match: * tells it otherwise (409) in the same request.
            var optimistic = false;
            string? writeId = null;
            StoredBlob? existing;
            if (attempt == 1 && _primed.TryTake(article.Id, out var primed))
            {
                existing = primed;
                createFirst = false;
            }
            else if (createFirst)
            {
                existing = null;
                optimistic = true;
                createFirst = false;
                writeId = Guid.NewGuid().ToString("N");
                ownCreate = writeId;
            }
            else
            {
                existing = await TryReadAsync(blob, cancellationToken).ConfigureAwait(false);
                if (ownCreate is not null && existing is { Article: { } mine, WriteId: var id } && id == ownCreate)
                {
                    // Our own create, whose response was lost and whose retry met it (409): it was created, by us, and is
                    // unindexed again (the failed upload counted itself indexed; the caller counts this write indexed once more).
                    MarkUnindexed(article.Id);
                    return new Written(UpsertOutcome.Created, null, null, mine, existing.Hash, existing.ETag);
                }
            }

            Article toStore;
            BlobRequestConditions conditions;
            UpsertOutcome outcome;
            if (existing is { Article: { } stored, ETag: var etag })
            {
                var candidate = carryOver ? TranslationCarryOver.Apply(stored, article) : article;
                if (StoreJson.ContentOf(stored) == StoreJson.ContentOf(candidate))
                {
                    return new Written(UpsertOutcome.Unchanged, existing.Previous, existing.PreviousHash, stored, existing.Hash, etag);
                }

                toStore = candidate with { Updated = Max(_clock.GetUtcNow(), stored.Updated) };
                conditions = new BlobRequestConditions { IfMatch = etag };
                outcome = UpsertOutcome.Updated;
            }
            else if (existing is { ETag: var unreadable })
            {
                // A blob we cannot parse is replaced, but still only if nobody changed it meanwhile.
                toStore = carryOver ? TranslationCarryOver.Apply(null, article) : article;
                conditions = new BlobRequestConditions { IfMatch = unreadable };
                outcome = UpsertOutcome.Updated;
            }
            else
            {
                toStore = carryOver ? TranslationCarryOver.Apply(null, article) : article;
                conditions = new BlobRequestConditions { IfNoneMatch = ETag.All };
                outcome = UpsertOutcome.Created;
            }

            try
            {
                var (hash, version) = await UploadAsync(blob, toStore, conditions, existing?.Article, existing?.Hash, cancellationToken, writeId).ConfigureAwait(false);
                return new Written(outcome, existing?.Article, existing?.Hash, toStore, hash, version);
            }
            catch (RequestFailedException ex) when (IsConflict(ex) && (optimistic || attempt < MaxWriteAttempts))
            {
                if (optimistic)
                {
                    // Not new after all: read it and decide.
                    continue;
                }

                // Another instance wrote this article between our read and our write: read again and decide again.
                LogWriteConflict(article.Id, attempt);
            }
        }
    }

    /// <summary>
    /// Uploads <paramref name="article"/> to its blob under <paramref name="conditions"/>, with the indexed state it replaces
    /// (<paramref name="previous"/>, hash <paramref name="previousHash"/>) as metadata; for
    /// <see cref="AzureArticleStore.TryReplaceAsync"/>, which decides the conditions itself.
    /// </summary>
    public Task<(string Hash, ETag ETag)> UploadAsync(
        Article article, BlobRequestConditions conditions, Article? previous, string? previousHash, CancellationToken cancellationToken) =>
        UploadAsync(_container.GetBlobClient(BlobNameOf(article.Id)), article, conditions, previous, previousHash, cancellationToken);

    /// <summary>The article with <paramref name="id"/> as its blob holds it (null: no blob); the read is kept briefly for a write that follows it.</summary>
    public async Task<StoredBlob?> ReadAndPrimeAsync(string id, CancellationToken cancellationToken)
    {
        var read = await TryReadAsync(_container.GetBlobClient(BlobNameOf(id)), cancellationToken).ConfigureAwait(false);
        _primed.Set(id, read);
        return read;
    }

    /// <summary>Takes the recent read of <paramref name="id"/> (<see cref="PrimedReads.TryTake"/>): false when there is none.</summary>
    public bool TryTakePrimed(string id, out StoredBlob? blob) => _primed.TryTake(id, out blob);

    /// <summary>Reads the blob of <paramref name="id"/> (null: no blob), keeping the article in the content cache.</summary>
    public Task<StoredBlob?> TryReadAsync(string id, CancellationToken cancellationToken) =>
        TryReadAsync(_container.GetBlobClient(BlobNameOf(id)), cancellationToken);

    /// <summary>The cached article <paramref name="id"/> when its blob was read or written with content hash <paramref name="hash"/>.</summary>
    public Article? GetCached(string id, string hash) => _cache.Get(id, hash);

    /// <summary>
    /// Whether the blob of <paramref name="id"/> has moved on from the version with ETag <paramref name="etag"/> (one <c>HEAD</c>):
    /// false while it still has that ETag, and false when it no longer exists.
    /// </summary>
    public async Task<bool> MovedOnAsync(string id, ETag etag, CancellationToken cancellationToken)
    {
        var blob = _container.GetBlobClient(BlobNameOf(id));
        try
        {
            if ((await blob.GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Value.ETag == etag)
            {
                return false;
            }
        }
        catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.NotFound)
        {
            return false;
        }

        return true;
    }

    /// <summary>Whether this instance has written the blob of <paramref name="id"/> and not indexed that write yet.</summary>
    public bool IsUnindexed(string id) => _unindexed.ContainsKey(id);

    /// <summary>One more write of <paramref name="id"/> by this instance is stored and not indexed yet.</summary>
    internal void MarkUnindexed(string id) => _unindexed.AddOrUpdate(id, 1, (_, n) => n + 1);

    /// <summary>The writes among <paramref name="written"/> (unchanged articles wrote nothing) are indexed, or will not be by this call.</summary>
    public void Indexed(IEnumerable<Written?> written)
    {
        foreach (var w in written)
        {
            if (w is { Outcome: not UpsertOutcome.Unchanged })
            {
                Indexed(w.Stored.Id);
            }
        }
    }

    /// <summary>One write of <paramref name="id"/> by this instance is indexed (or failed).</summary>
    public void Indexed(string id)
    {
        while (_unindexed.TryGetValue(id, out var n))
        {
            if (n <= 1 ? _unindexed.TryRemove(KeyValuePair.Create(id, n)) : _unindexed.TryUpdate(id, n - 1, n))
            {
                return;
            }
        }
    }

    /// <summary>Whether <paramref name="ex"/> is a failed condition of a conditional write (412 Precondition Failed or 409 Conflict).</summary>
    internal static bool IsConflict(RequestFailedException ex) =>
        ex.Status is (int)HttpStatusCode.PreconditionFailed or (int)HttpStatusCode.Conflict;

    /// <summary>The name of article <paramref name="id"/>'s blob in the articles container.</summary>
    internal static string BlobNameOf(string id) => id + ".json";

    /// <summary>
    /// Uploads <paramref name="article"/> with, in the same request, the indexed state it replaces (<paramref name="previous"/>,
    /// hash <paramref name="previousHash"/>) as metadata, so that a write that stopped before its index was complete can be
    /// finished exactly (same counter operation, same stale rows) by whoever stores the article next.
    /// </summary>
    private async Task<(string Hash, ETag ETag)> UploadAsync(
        BlobClient blob, Article article, BlobRequestConditions conditions, Article? previous, string? previousHash, CancellationToken cancellationToken,
        string? writeId = null)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(article, StoreJson.Options);
        var metadata = PreviousState.ToMetadata(previous, previousHash);
        if (writeId is not null)
        {
            metadata[WriteIdKey] = writeId;
        }

        MarkUnindexed(article.Id);
        Response<BlobContentInfo> response;
        try
        {
            response = await blob.UploadAsync(
                BinaryData.FromBytes(bytes),
                new BlobUploadOptions
                {
                    Conditions = conditions,
                    HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" },
                    Metadata = metadata,
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            Indexed(article.Id);
            throw;
        }

        var hash = IndexKeys.Hash(bytes);
        _cache.Set(article, hash, bytes.Length);
        return (hash, response.Value.ETag);
    }

    private async Task<StoredBlob?> TryReadAsync(BlobClient blob, CancellationToken cancellationToken)
    {
        try
        {
            var response = await blob.DownloadContentAsync(cancellationToken).ConfigureAwait(false);
            var etag = response.Value.Details.ETag;
            var bytes = response.Value.Content.ToMemory();
            var hash = IndexKeys.Hash(bytes.Span);
            var (previous, previousHash) = PreviousState.FromMetadata(response.Value.Details.Metadata);
            var writeId = response.Value.Details.Metadata is { } m && m.TryGetValue(WriteIdKey, out var w) ? w : null;
            try
            {
                var article = JsonSerializer.Deserialize<Article>(bytes.Span, StoreJson.Options);
                if (article is not null)
                {
                    _cache.Set(article, hash, bytes.Length);
                }

                return new StoredBlob(article, etag, hash, previous, previousHash, writeId);
            }
            catch (JsonException ex)
            {
                LogUnreadable(ex, blob.Name);
                return new StoredBlob(null, etag, hash, previous, previousHash, writeId);
            }
        }
        catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Skipping unreadable stored article blob {Blob}")]
    private partial void LogUnreadable(Exception exception, string blob);

    [LoggerMessage(Level = LogLevel.Information, Message = "Article {ArticleId} was written concurrently (attempt {Attempt}); re-reading")]
    private partial void LogWriteConflict(string articleId, int attempt);
}
