namespace FeedRelay.Storage;

/// <summary>
/// The in-memory index every store keeps of its articles: lookups by id, newest-first queries and per-source
/// summaries never touch the backing storage. Thread-safe. <see cref="Version"/> changes whenever content does,
/// so that callers can cache anything derived from the index.
/// </summary>
public sealed class ArticleIndex
{
    private readonly Dictionary<string, Article> _articles = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private long _version;

    /// <summary>Increases every time an article is added, replaced or removed.</summary>
    public long Version => Interlocked.Read(ref _version);

    /// <summary>Number of articles.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _articles.Count;
            }
        }
    }

    /// <summary>Adds or replaces <paramref name="article"/>.</summary>
    public void Set(Article article)
    {
        lock (_lock)
        {
            _articles[article.Id] = article;
            _version++;
        }
    }

    /// <summary>The article with <paramref name="id"/>, or null.</summary>
    public Article? Get(string id)
    {
        lock (_lock)
        {
            return _articles.GetValueOrDefault(id);
        }
    }

    /// <summary>Articles matching <paramref name="query"/>, newest first.</summary>
    public IReadOnlyList<Article> Query(ArticleQuery query)
    {
        lock (_lock)
        {
            return _articles.Values
                .Where(a => query.SourceSlug is null || a.SourceSlug == query.SourceSlug)
                .OrderByDescending(a => a.Published)
                .ThenBy(a => a.Id, StringComparer.Ordinal)
                .Take(query.Limit)
                .ToList();
        }
    }

    /// <summary>Every source with its article count and latest publication, by slug.</summary>
    public IReadOnlyList<SourceSummary> Sources()
    {
        lock (_lock)
        {
            return _articles.Values
                .GroupBy(a => a.SourceSlug)
                .Select(g => new SourceSummary(g.Key, g.First().Source, g.Count(), g.Max(a => a.Published)))
                .OrderBy(s => s.Slug, StringComparer.Ordinal)
                .ToList();
        }
    }
}
