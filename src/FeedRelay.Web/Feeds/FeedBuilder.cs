using FeedRelay.Feeds;
using FeedRelay.Storage;
using Microsoft.Extensions.Options;

namespace FeedRelay.Web.Feeds;

/// <summary>
/// Builds feed documents from the store: <see cref="ReadAsync"/> reads what a feed needs (the source list, when its articles
/// last changed and one newest-first query), <see cref="Render"/> writes one format and view of it. Deterministic: the same
/// index state gives the same bytes and the same Last-Modified on every instance, so that documents built by
/// different instances, on demand or materialised, agree. Rendering builds and escapes only the items that the size-bounded
/// <see cref="FeedItemCache"/> has no current fragment of (after one new article: that one). A WebSub hub is named only in
/// the documents its publisher announces (the default documents) and only where one announces them: not under the
/// Functions host, which runs no <see cref="WebSubNotifier"/>.
/// </summary>
public sealed class FeedBuilder(IArticleStore store, IOptions<FeedServingOptions> options, IOptions<FeedRelayOptions> relay, HostingMode? hosting = null)
{
    private readonly FeedServingOptions _options = options.Value;
    private readonly Uri? _hub = hosting?.Hosting == FeedRelayHosting.Functions ? null : options.Value.HubUri;
    private readonly FeedItemCache? _items = options.Value.ItemCacheSizeLimitBytes > 0 ? new FeedItemCache(options.Value.ItemCacheSizeLimitBytes) : null;

    // The filter of every default document (it does not depend on the view).
    private readonly string _defaultFilterKey = new ArticleQuery(Limit: relay.Value.FeedItemLimit).CacheKey();

    /// <summary>The request of a default document: <paramref name="view"/>, no filter, the first page of the default length.</summary>
    public FeedRequest DefaultRequest(FeedView view) => new(view, new ArticleQuery(Limit: relay.Value.FeedItemLimit));

    /// <summary>True for a default document's request (no filter, the first page, the default length), in any view.</summary>
    public bool IsDefault(FeedRequest request) => request.Filter.CacheKey() == _defaultFilterKey;

    /// <summary>
    /// Builds every default document of the feed <paramref name="name"/> (three formats, three views) from one read of the
    /// store, with the store's version of the feed taken before the read; null when there is no such feed.
    /// </summary>
    public async Task<IReadOnlyList<(string Name, FeedSnapshot Snapshot)>?> BuildDefaultsAsync(string name, Uri baseUrl, CancellationToken cancellationToken)
    {
        var version = await store.GetVersionAsync(name == FeedEndpoints.AllSources ? null : name, cancellationToken).ConfigureAwait(false);
        var content = await ReadAsync(name, DefaultRequest(FeedView.Original), cancellationToken).ConfigureAwait(false);
        if (content.NotFound is not null)
        {
            return null;
        }

        var documents = new List<(string, FeedSnapshot)>(FeedDocumentNames.Formats.Count * FeedViews.All.Count);
        foreach (var view in FeedViews.All)
        {
            foreach (var format in FeedDocumentNames.Formats)
            {
                documents.Add((FeedDocumentNames.Of(name, format, view), Render(content, format, DefaultRequest(view), baseUrl, version)));
            }
        }

        return documents;
    }

    /// <summary>Reads the articles of the feed <paramref name="name"/> (<c>all</c> or a source slug) for <paramref name="request"/>'s filters.</summary>
    public async Task<FeedContent> ReadAsync(string name, FeedRequest request, CancellationToken cancellationToken)
    {
        // Only the sources this request names, read by key: the store may hold very many.
        var named = name == FeedEndpoints.AllSources ? request.Filter.Sources : [.. request.Filter.Sources, name];
        var sources = await store.GetSourcesAsync(named, cancellationToken).ConfigureAwait(false);
        if (request.Filter.Sources.FirstOrDefault(s => !sources.Any(known => known.Slug == s)) is { } unknown)
        {
            return new FeedContent(name, "", null, [], 0) { UnknownSource = unknown };
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
            return new FeedContent(name, "", null, [], 0) { NotFound = $"No feed '{name}'" };
        }

        // Read before the articles, so that whatever they show changed no later than this (or is newer than the page's items).
        var changedAt = await store.GetChangedAtAsync(sourceSlug, cancellationToken).ConfigureAwait(false);
        var clustering = _options.ClusteringFor(name);
        var limit = request.Filter.Limit;

        // Clustering folds items together, so read ahead to still fill the page.
        var fetch = clustering.Enabled ? Math.Min(limit * 2, limit + FeedServingOptions.MaxLimit) : limit;
        var articles = await store.QueryAsync(request.Filter with { SourceSlug = sourceSlug, Limit = fetch }, cancellationToken).ConfigureAwait(false);
        return new FeedContent(name, title, sourceSlug, articles, fetch) { ChangedAt = changedAt };
    }

    /// <summary>Writes <paramref name="content"/> in <paramref name="format"/> and <paramref name="request"/>'s view, pre-compressed.</summary>
    public FeedSnapshot Render(FeedContent content, FeedFormat format, FeedRequest request, Uri baseUrl, long version)
    {
        var name = content.Name;
        var title = content.Title;
        var articles = content.Articles;
        var fetch = content.Fetch;
        var limit = request.Filter.Limit;
        var view = request.View == FeedView.Original ? "" : "?lang=" + request.View.QueryValue();
        var description = new FeedDescription(
            name,
            request.View == FeedView.Original ? title : $"{title} ({request.View.DisplayName()})",
            new Uri(baseUrl, $"api/feeds/{name}.{format.Extension()}{SelfQuery(request, withLimit: WithLimit(request))}"),
            baseUrl,
            id => new Uri(baseUrl, $"api/articles/{id}{view}"))
        {
            Description = name == FeedEndpoints.AllSources ? "Archived news from every source, merged" : $"Archived news from {title}",
            HubUrl = IsDefault(request) ? _hub : null,
            TtlMinutes = _options.TtlMinutes,
            FilterQuery = FilterQuery(request),
        };
        var document = FeedDocumentBuilder.Build(description, articles, request.View, _options.ClusteringFor(name), limit, _items, content.ChangedAt);
        // More to come: the store had more than was read, or the articles read made more stories than the page shows (with
        // clustering, fewer than the read-ahead can still be more stories than the limit).
        var more = articles.Count >= fetch || document.StoriesLeftOut;
        if (request.Filter.Before is not null || (more && document.Items.Count > 0))
        {
            // RFC 5005 §3: older pages continue after this page's last story (its newest article), whose position is the
            // opaque cursor. Every article left out is older than that; older articles of stories shown may show again.
            var last = document.ContinueAfterId is { } after ? articles.FirstOrDefault(a => a.Id == after) : null;
            document = document with
            {
                Feed = document.Feed with
                {
                    NextUrl = more && last is not null
                        ? new Uri(baseUrl, $"api/feeds/{name}.{format.Extension()}{PageQuery(request, FeedCursor.After(last))}")
                        : null,
                    FirstUrl = request.Filter.Before is null ? null
                        : new Uri(baseUrl, $"api/feeds/{name}.{format.Extension()}{PageQuery(request, null)}"),
                },
            };
        }

        // Last-Modified is the newest change of any item, or the last change of the feed's articles when later: an article
        // that enters with an older date, or leaves (a filter no longer matches it), changes the feed too. Both come from the
        // store, so every instance sends the same for the same state.
        var updated = document.Updated ?? DateTimeOffset.UnixEpoch;
        var lastModified = content.ChangedAt is { } changed && changed > updated ? changed : updated;
        return FeedSnapshot.Create(FeedWriter.Write(format, document, _items), lastModified, version);
    }

    /// <summary>
    /// The query of a sibling page: the same filters and page size, from <paramref name="before"/> (null: the newest page), written
    /// as that page's self link is, so that following the link leads to a document whose self link is the URL followed.
    /// </summary>
    private string PageQuery(FeedRequest request, FeedCursor? before) =>
        SelfQuery(request with { Filter = request.Filter with { Before = before } }, withLimit: WithLimit(request));

    /// <summary>True when a link must name the page size: only when it is not the default one.</summary>
    private bool WithLimit(FeedRequest request) => request.Filter.Limit != relay.Value.FeedItemLimit;

    /// <summary>
    /// The canonical query of <paramref name="request"/>'s filters for the feed id: no view (the id names it), page or page
    /// size; sources in ordinal order and the case-insensitive filters in lower case, since neither changes the feed. Empty
    /// without filters.
    /// </summary>
    private static string FilterQuery(FeedRequest request)
    {
        var filter = request.Filter;
        var query = SelfQuery(
            new FeedRequest(FeedView.Original, filter with
            {
                Before = null,
                Sources = filter.Sources.Order(StringComparer.Ordinal).Distinct(StringComparer.Ordinal).ToArray(),
                Category = filter.Category?.ToLowerInvariant(),
                Language = filter.Language?.ToLowerInvariant(),
                Keyword = filter.Keyword?.ToLowerInvariant(),
            }),
            withLimit: false);
        return query.Length == 0 ? "" : query[1..];
    }

    /// <summary>The query string that names exactly this document (its page size with <paramref name="withLimit"/>).</summary>
    private static string SelfQuery(FeedRequest request, bool withLimit)
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
            // To the tick the filter uses (fractions only when there are any), so that following the link repeats the query.
            parts.Add("since=" + Uri.EscapeDataString(since.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", System.Globalization.CultureInfo.InvariantCulture)));
        }

        if (filter.Before is { } before)
        {
            parts.Add(FeedRequest.PageParameter + "=" + before.Encode());
        }

        if (withLimit)
        {
            parts.Add("limit=" + filter.Limit.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return parts.Count == 0 ? "" : "?" + string.Join('&', parts);
    }
}

/// <summary>What one feed request read from the store, ready to render in any format and view.</summary>
/// <param name="Name"><c>all</c> or the source slug.</param>
/// <param name="Title">The feed's title.</param>
/// <param name="SourceSlug">The source of a source feed; null for <c>all</c>.</param>
/// <param name="Articles">The articles read, newest first (more than the limit when clustering reads ahead).</param>
/// <param name="Fetch">How many articles were asked for.</param>
public sealed record FeedContent(string Name, string Title, string? SourceSlug, IReadOnlyList<Article> Articles, int Fetch)
{
    /// <summary>Why there is no such feed, when there is none.</summary>
    public string? NotFound { get; init; }

    /// <summary>A <c>source</c> filter value that names no source.</summary>
    public string? UnknownSource { get; init; }

    /// <summary>When an article of the feed's source (of any source, for <c>all</c>) last changed, when the store keeps it.</summary>
    public DateTimeOffset? ChangedAt { get; init; }
}
