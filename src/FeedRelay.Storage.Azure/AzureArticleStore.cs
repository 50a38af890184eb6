using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Logging;

namespace FeedRelay.Storage.Azure;

/// <summary>
/// Articles as one JSON blob per article id in the <c>articles</c> container, with an in-memory
/// <see cref="ArticleIndex"/> for every query. The blob name is the article id, so two instances can never store
/// the same article twice; writes are conditional on the ETag read (or on the blob not existing), so concurrent
/// writers never overwrite each other blindly: the loser re-reads and decides again. The index is loaded on first
/// use and re-reads blobs whose ETag changed every <see cref="AzureStorageOptions.IndexRefreshSeconds"/>, which
/// picks up what other instances stored.
/// </summary>
public sealed partial class AzureArticleStore : IArticleStore, IDisposable
{
    private const int MaxWriteAttempts = 8;
    private const int RefreshParallelism = 16;

    private readonly BlobContainerClient _container;
    private readonly TimeSpan _refreshInterval;
    private readonly TimeProvider _clock;
    private readonly ILogger<AzureArticleStore> _logger;
    private readonly CreateOnce _create;
    private readonly SemaphoreSlim _refreshLock = new(1, 1);
    private readonly ConcurrentDictionary<string, ETag> _known = new(StringComparer.Ordinal);
    private long _lastRefreshTicks;
    private volatile bool _loaded;
    private int _backgroundRefresh;

    /// <summary>Creates the store over <paramref name="clients"/>; nothing is read until first use.</summary>
    public AzureArticleStore(AzureStorageClients clients, TimeProvider clock, ILogger<AzureArticleStore> logger)
    {
        _container = clients.Blobs.GetBlobContainerClient(clients.Options.ArticlesContainer);
        _refreshInterval = TimeSpan.FromSeconds(Math.Max(0, clients.Options.IndexRefreshSeconds));
        _clock = clock;
        _logger = logger;
        _create = new CreateOnce(ct => _container.CreateIfNotExistsAsync(cancellationToken: ct));
    }

    /// <summary>The in-memory index of this store (possibly not loaded yet: see <see cref="RefreshAsync"/>).</summary>
    public ArticleIndex Index { get; } = new();

    /// <inheritdoc />
    public async Task<UpsertOutcome> UpsertAsync(Article article, CancellationToken cancellationToken = default)
    {
        await EnsureLoadedAsync(cancellationToken).ConfigureAwait(false);
        var blob = _container.GetBlobClient(BlobNameOf(article.Id));
        for (var attempt = 1; ; attempt++)
        {
            var existing = await TryReadAsync(blob, cancellationToken).ConfigureAwait(false);
            Article toStore;
            BlobRequestConditions conditions;
            UpsertOutcome outcome;
            if (existing is { Article: { } stored, ETag: var etag })
            {
                if (StoreJson.ContentOf(stored) == StoreJson.ContentOf(article))
                {
                    Remember(blob.Name, etag, stored);
                    return UpsertOutcome.Unchanged;
                }

                toStore = article with { Updated = Max(_clock.GetUtcNow(), stored.Updated) };
                conditions = new BlobRequestConditions { IfMatch = etag };
                outcome = UpsertOutcome.Updated;
            }
            else if (existing is { ETag: var unreadable })
            {
                // A blob we cannot parse is replaced, but still only if nobody changed it meanwhile.
                toStore = article;
                conditions = new BlobRequestConditions { IfMatch = unreadable };
                outcome = UpsertOutcome.Updated;
            }
            else
            {
                toStore = article;
                conditions = new BlobRequestConditions { IfNoneMatch = ETag.All };
                outcome = UpsertOutcome.Created;
            }

            try
            {
                var response = await blob.UploadAsync(
                    BinaryData.FromBytes(JsonSerializer.SerializeToUtf8Bytes(toStore, StoreJson.Options)),
                    new BlobUploadOptions { Conditions = conditions, HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" } },
                    cancellationToken).ConfigureAwait(false);
                Remember(blob.Name, response.Value.ETag, toStore);
                return outcome;
            }
            catch (RequestFailedException ex) when (IsConflict(ex) && attempt < MaxWriteAttempts)
            {
                // Another instance wrote this article between our read and our write: read again and decide again.
                LogWriteConflict(article.Id, attempt);
            }
        }
    }

    /// <inheritdoc />
    public async Task<bool> TryReplaceAsync(Article current, Article replacement, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(current.Id);
        if (replacement.Id != current.Id)
        {
            throw new ArgumentException("The replacement must have the id of the article it replaces.", nameof(replacement));
        }

        await EnsureLoadedAsync(cancellationToken).ConfigureAwait(false);
        var blob = _container.GetBlobClient(BlobNameOf(current.Id));
        for (var attempt = 1; ; attempt++)
        {
            // Compare against the blob, not the index, which may lag other instances.
            if (await TryReadAsync(blob, cancellationToken).ConfigureAwait(false) is not { Article: { } stored, ETag: var etag })
            {
                return false;
            }

            Remember(blob.Name, etag, stored);
            if (StoreJson.ContentOf(stored) != StoreJson.ContentOf(current))
            {
                return false;
            }

            if (StoreJson.ContentOf(stored) == StoreJson.ContentOf(replacement))
            {
                return true;
            }

            var toStore = replacement with { Updated = Max(_clock.GetUtcNow(), stored.Updated) };
            try
            {
                var response = await blob.UploadAsync(
                    BinaryData.FromBytes(JsonSerializer.SerializeToUtf8Bytes(toStore, StoreJson.Options)),
                    new BlobUploadOptions
                    {
                        Conditions = new BlobRequestConditions { IfMatch = etag },
                        HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" },
                    },
                    cancellationToken).ConfigureAwait(false);
                Remember(blob.Name, response.Value.ETag, toStore);
                return true;
            }
            catch (RequestFailedException ex) when (IsConflict(ex) && attempt < MaxWriteAttempts)
            {
                // Written by someone else between our read and our write: the next read decides whether it still matches.
                LogWriteConflict(current.Id, attempt);
            }
        }
    }

    /// <inheritdoc />
    public async Task<Article?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        await EnsureFreshAsync(cancellationToken).ConfigureAwait(false);
        return Index.Get(id);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Article>> QueryAsync(ArticleQuery query, CancellationToken cancellationToken = default)
    {
        await EnsureFreshAsync(cancellationToken).ConfigureAwait(false);
        return Index.Query(query);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<SourceSummary>> ListSourcesAsync(CancellationToken cancellationToken = default)
    {
        await EnsureFreshAsync(cancellationToken).ConfigureAwait(false);
        return Index.Sources();
    }

    /// <summary>Lists the container and loads every article blob that is new or changed since the last refresh.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken = default)
    {
        await _refreshLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _create.EnsureAsync(cancellationToken).ConfigureAwait(false);
            var changed = new List<string>();
            await foreach (var item in _container.GetBlobsAsync(new GetBlobsOptions(), cancellationToken).ConfigureAwait(false))
            {
                if (item.Properties.ETag is { } etag && !(_known.TryGetValue(item.Name, out var seen) && seen == etag))
                {
                    changed.Add(item.Name);
                }
            }

            // One GET per changed article: in parallel, so that a cold start over many articles stays short.
            var loaded = 0;
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = RefreshParallelism, CancellationToken = cancellationToken };
            await Parallel.ForEachAsync(changed, parallel, async (name, ct) =>
            {
                var current = await TryReadAsync(_container.GetBlobClient(name), ct).ConfigureAwait(false);
                if (current is { Article: { } article, ETag: var currentETag })
                {
                    Remember(name, currentETag, article);
                    Interlocked.Increment(ref loaded);
                }
                else if (current is { ETag: var badETag })
                {
                    // Unreadable: remember its ETag so that it is not downloaded again until it changes.
                    _known[name] = badETag;
                }
            }).ConfigureAwait(false);

            _loaded = true;
            Interlocked.Exchange(ref _lastRefreshTicks, _clock.GetUtcNow().UtcTicks);
            LogRefreshed(loaded, Index.Count, _container.Name);
        }
        finally
        {
            _refreshLock.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose() => _refreshLock.Dispose();

    internal static string BlobNameOf(string id) => id + ".json";

    private async Task EnsureLoadedAsync(CancellationToken cancellationToken)
    {
        if (!_loaded)
        {
            await RefreshAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Loads on first use; afterwards a stale index is served while one background refresh brings it up to date.</summary>
    /// <inheritdoc />
    public async Task EnsureFreshAsync(CancellationToken cancellationToken = default)
    {
        if (!_loaded)
        {
            await RefreshAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        var age = _clock.GetUtcNow().UtcTicks - Interlocked.Read(ref _lastRefreshTicks);
        if (age < _refreshInterval.Ticks || Interlocked.CompareExchange(ref _backgroundRefresh, 1, 0) != 0)
        {
            return;
        }

        _ = Task.Run(async () =>
        {
            try
            {
                await RefreshAsync(CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is RequestFailedException or HttpRequestException or IOException or OperationCanceledException)
            {
                LogRefreshFailed(ex, _container.Name);
                // Wait a whole interval before trying again instead of hammering a storage account that is down.
                Interlocked.Exchange(ref _lastRefreshTicks, _clock.GetUtcNow().UtcTicks);
            }
            finally
            {
                Interlocked.Exchange(ref _backgroundRefresh, 0);
            }
        }, CancellationToken.None);
    }

    private void Remember(string blobName, ETag etag, Article article)
    {
        _known[blobName] = etag;
        Index.Set(article);
    }

    private async Task<StoredBlob?> TryReadAsync(BlobClient blob, CancellationToken cancellationToken)
    {
        try
        {
            var response = await blob.DownloadContentAsync(cancellationToken).ConfigureAwait(false);
            var etag = response.Value.Details.ETag;
            try
            {
                return new StoredBlob(JsonSerializer.Deserialize<Article>(response.Value.Content.ToMemory().Span, StoreJson.Options), etag);
            }
            catch (JsonException ex)
            {
                LogUnreadable(ex, blob.Name);
                return new StoredBlob(null, etag);
            }
        }
        catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    private static bool IsConflict(RequestFailedException ex) =>
        ex.Status is (int)HttpStatusCode.PreconditionFailed or (int)HttpStatusCode.Conflict;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private sealed record StoredBlob(Article? Article, ETag ETag);

    [LoggerMessage(Level = LogLevel.Information, Message = "Article index refreshed: {Loaded} new or changed, {Count} in all, from container {Container}")]
    private partial void LogRefreshed(int loaded, int count, string container);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refreshing the article index from container {Container} failed; serving the last known index")]
    private partial void LogRefreshFailed(Exception exception, string container);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Skipping unreadable stored article blob {Blob}")]
    private partial void LogUnreadable(Exception exception, string blob);

    [LoggerMessage(Level = LogLevel.Information, Message = "Article {ArticleId} was written concurrently (attempt {Attempt}); re-reading")]
    private partial void LogWriteConflict(string articleId, int attempt);
}
