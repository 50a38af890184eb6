using FeedRelay.Feeds;
using FeedRelay.Storage;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace FeedRelay.Web.Feeds;

/// <summary>
/// Builds feed documents and keeps them, pre-compressed, in a size-bounded memory cache keyed on the feed, format,
/// view, filters and base URL, and valid for as long as the store's index version (per source for source feeds)
/// has not moved. A cache hit costs a dictionary lookup whatever the size of the store; a miss costs one
/// newest-first index walk of the requested length, and builds and escapes only the items that the size-bounded
/// <see cref="FeedItemCache"/> has no current fragment of (after one new article: that one).
/// </summary>
public sealed class FeedService : IDisposable
{
    private readonly IArticleStore _store;
    private readonly FeedServingOptions _options;
    private readonly TimeProvider _clock;
    private readonly MemoryCache _cache;
    private readonly FeedItemCache? _items;

    // One build at a time: when the index moves, a burst of polls for the same feed builds it once, not once per poll.
    private readonly SemaphoreSlim _buildLock = new(1, 1);

    /// <summary>Creates the service over <paramref name="store"/>.</summary>
    public FeedService(IArticleStore store, IOptions<FeedServingOptions> options, TimeProvider clock)
    {
        _store = store;
        _options = options.Value;
        _clock = clock;
        _cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = _options.CacheSizeLimitBytes });
        _items = _options.ItemCacheSizeLimitBytes > 0 ? new FeedItemCache(_options.ItemCacheSizeLimitBytes) : null;
    }

    /// <summary>The feed <paramref name="name"/> (<c>all</c> or a source slug) in <paramref name="format"/>, or why there is none.</summary>
    public async Task<FeedLookup> GetAsync(string name, FeedFormat format, FeedRequest request, Uri baseUrl, CancellationToken cancellationToken)
    {
        // One small read: the store's version of this feed's articles (all sources, or one), which moves with every change.
        var version = await _store.GetVersionAsync(name == FeedEndpoints.AllSources ? null : name, cancellationToken).ConfigureAwait(false);
        var key = string.Join('\n', name, format, request.View, request.Filter.CacheKey(), baseUrl.AbsoluteUri);
        var cached = _cache.Get<FeedSnapshot>(key);
        if (cached is not null && version >= 0 && cached.Version == version)
        {
            return new FeedLookup(cached, null, null);
        }

        await _buildLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            cached = _cache.Get<FeedSnapshot>(key);
            return cached is not null && version >= 0 && cached.Version == version
                ? new FeedLookup(cached, null, null)
                : await BuildAsync(key, name, format, request, baseUrl, version, cached, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _buildLock.Release();
        }
    }

    private async Task<FeedLookup> BuildAsync(
        string key, string name, FeedFormat format, FeedRequest request, Uri baseUrl, long version, FeedSnapshot? cached, CancellationToken cancellationToken)
    {
        var sources = await _store.ListSourcesAsync(cancellationToken).ConfigureAwait(false);
        if (request.Filter.Sources.FirstOrDefault(s => !sources.Any(known => known.Slug == s)) is { } unknown)
        {
            return new FeedLookup(null, null, unknown);
        }

        string title;
        string? sourceSlug = null;
        if (name == FeedEndpoints.AllSources)
        {
            title = "FeedRelay: all sources";
        }
        else if (sources.FirstOrDefault(s => s.Slug == name) is { } source)
        {
            title = source.Name;
            sourceSlug = source.Slug;
        }
        else
        {
            return new FeedLookup(null, $"No feed '{name}'", null);
        }

        var clustering = _options.ClusteringFor(name);
        var limit = request.Filter.Limit;

        // Clustering folds items together, so read ahead to still fill the page.
        var fetch = clustering.Enabled ? Math.Min(limit * 2, limit + FeedServingOptions.MaxLimit) : limit;
        var articles = await _store.QueryAsync(request.Filter with { SourceSlug = sourceSlug, Limit = fetch }, cancellationToken).ConfigureAwait(false);
        var view = request.View == FeedView.Original ? "" : "?lang=" + request.View.QueryValue();
        var description = new FeedDescription(
            name,
            request.View == FeedView.Original ? title : $"{title} ({request.View.DisplayName()})",
            new Uri(baseUrl, $"api/feeds/{name}.{format.Extension()}{SelfQuery(request)}"),
            baseUrl,
            id => new Uri(baseUrl, $"api/articles/{id}{view}"))
        {
            Description = name == FeedEndpoints.AllSources ? "Archived news from every source, merged" : $"Archived news from {title}",
            HubUrl = _options.HubUri,
            TtlMinutes = _options.TtlMinutes,
        };
        var document = FeedDocumentBuilder.Build(description, articles, request.View, clustering, limit, _items);
        if (request.Filter.Before is not null || (articles.Count >= fetch && document.Items.Count > 0))
        {
            // RFC 5005 §3: older pages continue after this page's last item, whose position is the opaque cursor.
            var last = document.Items.Count > 0 ? articles.FirstOrDefault(a => a.Id == document.Items[^1].ArticleId) : null;
            document = document with
            {
                Feed = document.Feed with
                {
                    NextUrl = articles.Count >= fetch && last is not null
                        ? new Uri(baseUrl, $"api/feeds/{name}.{format.Extension()}{PageQuery(request, FeedCursor.After(last))}")
                        : null,
                    FirstUrl = request.Filter.Before is null ? null
                        : new Uri(baseUrl, $"api/feeds/{name}.{format.Extension()}{PageQuery(request, null)}"),
                },
            };
        }

        var bytes = FeedWriter.Write(format, document, _items);

        FeedSnapshot snapshot;
        if (cached is not null && bytes.AsSpan().SequenceEqual(cached.Identity))
        {
            snapshot = cached.At(version);
        }
        else
        {
            // The newest item date is the same on every instance; fall back to the clock only when content changed without a newer item.
            var lastModified = document.Updated;
            if (cached is not null && lastModified <= cached.LastModified)
            {
                lastModified = _clock.GetUtcNow();
            }

            snapshot = FeedSnapshot.Create(bytes, lastModified, version);
        }

        if (version >= 0)
        {
            _cache.Set(key, snapshot, new MemoryCacheEntryOptions { Size = snapshot.Size });
        }

        return new FeedLookup(snapshot, null, null);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _cache.Dispose();
        _buildLock.Dispose();
    }

    /// <summary>The query of a sibling page: the same filters and page size, from <paramref name="before"/> (null: the newest page).</summary>
    private static string PageQuery(FeedRequest request, FeedCursor? before)
    {
        var query = SelfQuery(request with { Filter = request.Filter with { Before = before } });
        return query + (query.Length == 0 ? "?" : "&") + "limit=" + request.Filter.Limit.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The query string that makes the self link name exactly this document.</summary>
    private static string SelfQuery(FeedRequest request)
    {
        var filter = request.Filter;
        var parts = new List<string>();
        if (request.View != FeedView.Original)
        {
            parts.Add("lang=" + request.View.QueryValue());
        }

        parts.AddRange(filter.Sources.Select(s => "source=" + Uri.EscapeDataString(s)));
        if (filter.Category is not null)
        {
            parts.Add("category=" + Uri.EscapeDataString(filter.Category));
        }

        if (filter.Language is not null)
        {
            parts.Add("language=" + Uri.EscapeDataString(filter.Language));
        }

        if (filter.Keyword is not null)
        {
            parts.Add("q=" + Uri.EscapeDataString(filter.Keyword));
        }

        if (filter.Since is { } since)
        {
            parts.Add("since=" + Uri.EscapeDataString(since.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture)));
        }

        if (filter.Before is { } before)
        {
            parts.Add(FeedRequest.PageParameter + "=" + before.Encode());
        }

        return parts.Count == 0 ? "" : "?" + string.Join('&', parts);
    }
}

/// <summary>A built feed, or why there is none.</summary>
/// <param name="Snapshot">The feed when it exists.</param>
/// <param name="NotFound">Why there is no such feed.</param>
/// <param name="UnknownSource">A <c>source</c> filter value naming no source.</param>
public sealed record FeedLookup(FeedSnapshot? Snapshot, string? NotFound, string? UnknownSource);
