using FeedRelay.Feeds;
using FeedRelay.Storage;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace FeedRelay.Web.Feeds;

/// <summary>
/// Serves feed documents. A default document (no filters, first page, default limit, the configured public base URL) is
/// served from shared storage when the backend materialises them (<see cref="IFeedDocumentStore.IsEnabled"/>): the copy kept
/// in memory is revalidated by one conditional read per request, so every instance serves the bytes and ETag that the last
/// rebuild wrote. Every other document, and a default one not materialised yet, is built on demand and kept, pre-compressed,
/// in a size-bounded memory cache keyed on the feed, format, view, filters and base URL, valid for as long as the store's
/// index version (per source for source feeds) has not moved. A cache hit costs a dictionary lookup whatever the size of the
/// store; a miss costs one newest-first index walk of the requested length.
/// </summary>
public sealed partial class FeedService : IDisposable
{
    private readonly IArticleStore _store;
    private readonly FeedBuilder _builder;

    private readonly IFeedDocumentStore _documents;
    private readonly IFeedRebuildQueue _rebuilds;
    private readonly FeedServingOptions _serving;
    private readonly ILogger<FeedService> _logger;
    private readonly MemoryCache _cache;

    // One build at a time per document (striped: a fixed number of locks, whatever the number of documents): when the index
    // moves, a burst of polls for the same feed builds it once, not once per poll, and a slow build (a broad filter over a
    // big source) holds up only the documents that share its stripe, not every feed.
    private readonly SemaphoreSlim[] _buildLocks = [.. Enumerable.Range(0, 32).Select(_ => new SemaphoreSlim(1, 1))];

    /// <summary>Creates the service over <paramref name="store"/>.</summary>
    public FeedService(
        IArticleStore store,
        FeedBuilder builder,
        IFeedDocumentStore documents,
        IFeedRebuildQueue rebuilds,
        IOptions<FeedRelayOptions> relay,
        IOptions<FeedServingOptions> options,
        ILogger<FeedService> logger)
    {
        _store = store;
        _builder = builder;
        _documents = documents;
        _rebuilds = rebuilds;
        _serving = options.Value;
        _logger = logger;
        _cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = _serving.CacheSizeLimitBytes });
        MaterialisedBaseUrl = FeedMaterialiser.BaseUrlOf(relay.Value, _serving, documents);
    }

    /// <summary>
    /// The public base URL materialised documents are made for, or null when none are (the backend shares none, the option
    /// is off, or no <c>FeedRelay:PublicBaseUrl</c> is configured, so links depend on each request's host).
    /// </summary>
    public Uri? MaterialisedBaseUrl { get; }

    /// <summary>The feed <paramref name="name"/> (<c>all</c> or a source slug) in <paramref name="format"/>, or why there is none.</summary>
    public async Task<FeedLookup> GetAsync(string name, FeedFormat format, FeedRequest request, Uri baseUrl, CancellationToken cancellationToken)
    {
        var materialised = IsMaterialised(request, baseUrl);
        if (materialised && await GetMaterialisedAsync(FeedDocumentNames.Of(name, format, request.View), baseUrl, cancellationToken).ConfigureAwait(false) is { } stored)
        {
            return new FeedLookup(stored, null, null);
        }

        var lookup = await GetBuiltAsync(name, format, request, baseUrl, cancellationToken).ConfigureAwait(false);
        if (materialised && lookup.Snapshot is not null)
        {
            // Not materialised yet (a new feed, or storage written by a generator): the rebuild path writes it for everyone.
            await RequestRebuildAsync(name, cancellationToken).ConfigureAwait(false);
        }

        return lookup;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _cache.Dispose();
        foreach (var buildLock in _buildLocks)
        {
            buildLock.Dispose();
        }
    }

    /// <summary>True for a default document (no filter, first page, default limit) at the materialised base URL.</summary>
    private bool IsMaterialised(FeedRequest request, Uri baseUrl) =>
        MaterialisedBaseUrl is { } materialised && baseUrl == materialised
        && _builder.IsDefault(request);

    /// <summary>The stored document <paramref name="documentName"/>, revalidated with one conditional read; null when it is not stored.</summary>
    private async Task<FeedSnapshot?> GetMaterialisedAsync(string documentName, Uri baseUrl, CancellationToken cancellationToken)
    {
        var key = "materialised\n" + documentName;
        var cached = _cache.Get<MaterialisedEntry>(key);
        FeedDocumentRead read;
        try
        {
            read = await _documents.ReadAsync(documentName, cached?.ETag, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // Storage failing: serve the copy we have, else build on demand (which may fail the same way, as it would have).
            LogReadFailed(ex, documentName);
            return cached?.Snapshot;
        }

        switch (read.Status)
        {
            case FeedDocumentReadStatus.NotModified when cached is not null:
                return cached.Snapshot;
            case FeedDocumentReadStatus.Found when read.Document is { } document && document.BaseUrl == baseUrl.AbsoluteUri:
                var snapshot = FeedSnapshot.FromStored(document);
                _cache.Set(key, new MaterialisedEntry(snapshot, read.ETag!), new MemoryCacheEntryOptions { Size = snapshot.Size });
                return snapshot;
            default:
                _cache.Remove(key);
                return null;
        }
    }

    private async Task RequestRebuildAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            await _rebuilds.RequestAsync([name], cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // The document was served; the next request asks again.
            LogRebuildRequestFailed(ex, name);
        }
    }

    private async Task<FeedLookup> GetBuiltAsync(string name, FeedFormat format, FeedRequest request, Uri baseUrl, CancellationToken cancellationToken)
    {
        // One small read: the store's version of this feed's articles (all sources, or one), which moves with every change.
        var version = await _store.GetVersionAsync(name == FeedEndpoints.AllSources ? null : name, cancellationToken).ConfigureAwait(false);
        var key = string.Join('\n', name, format, request.View, request.Filter.CacheKey(), baseUrl.AbsoluteUri);
        var cached = _cache.Get<FeedSnapshot>(key);
        if (cached is not null && version >= 0 && cached.Version == version)
        {
            return new FeedLookup(cached, null, null);
        }

        var buildLock = _buildLocks[(StringComparer.Ordinal.GetHashCode(key) & int.MaxValue) % _buildLocks.Length];
        await buildLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            cached = _cache.Get<FeedSnapshot>(key);
            if (cached is not null && version >= 0 && cached.Version == version)
            {
                return new FeedLookup(cached, null, null);
            }

            var content = await _builder.ReadAsync(name, request, cancellationToken).ConfigureAwait(false);
            if (content.UnknownSource is not null || content.NotFound is not null)
            {
                return new FeedLookup(null, content.NotFound, content.UnknownSource);
            }

            var snapshot = _builder.Render(content, format, request, baseUrl, version);
            if (cached is not null && cached.Hash == snapshot.Hash)
            {
                // The index moved, this document did not: keep the bytes already held.
                snapshot = cached.At(version);
            }

            if (version >= 0)
            {
                _cache.Set(key, snapshot, new MemoryCacheEntryOptions { Size = snapshot.Size });
            }

            return new FeedLookup(snapshot, null, null);
        }
        finally
        {
            buildLock.Release();
        }
    }

    /// <summary>A materialised document held in memory with the storage ETag it was read with.</summary>
    private sealed record MaterialisedEntry(FeedSnapshot Snapshot, string ETag);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading materialised feed document {Name} failed; serving the copy held or building it")]
    private partial void LogReadFailed(Exception exception, string name);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not ask for a rebuild of feed {Feed}; the next request asks again")]
    private partial void LogRebuildRequestFailed(Exception exception, string feed);
}

/// <summary>A built feed, or why there is none.</summary>
/// <param name="Snapshot">The feed when it exists.</param>
/// <param name="NotFound">Why there is no such feed.</param>
/// <param name="UnknownSource">A <c>source</c> filter value naming no source.</param>
public sealed record FeedLookup(FeedSnapshot? Snapshot, string? NotFound, string? UnknownSource);
