namespace FeedRelay.Storage;

/// <summary>
/// The in-memory index every store keeps of its articles: lookups by id, newest-first queries and per-source
/// summaries never touch the backing storage. Thread-safe. <see cref="Version"/> changes whenever content does,
/// so that callers can cache anything derived from the index.
/// </summary>
/// <remarks>
/// Articles are kept sorted newest first, globally and per source, so a query walks only as far down the list as
/// it needs: the 50 newest of 100,000 articles cost 50 steps, not a sort of 100,000.
/// </remarks>
public sealed class ArticleIndex
{
    private readonly Dictionary<string, Article> _articles = new(StringComparer.Ordinal);
    private readonly SortedSet<Article> _newestFirst = new(NewestFirst.Instance);
    private readonly Dictionary<string, SourceEntry> _sources = new(StringComparer.Ordinal);
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
            var version = Interlocked.Increment(ref _version);
            if (_articles.TryGetValue(article.Id, out var existing))
            {
                RemoveLocked(existing, version);
            }

            _articles[article.Id] = article;
            _newestFirst.Add(article);
            if (!_sources.TryGetValue(article.SourceSlug, out var source))
            {
                source = new SourceEntry();
                _sources.Add(article.SourceSlug, source);
            }

            source.Articles.Add(article);
            source.Version = version;
        }
    }

    /// <summary>Removes the article with <paramref name="id"/>; false when there was none.</summary>
    public bool Remove(string id)
    {
        lock (_lock)
        {
            if (!_articles.Remove(id, out var existing))
            {
                return false;
            }

            RemoveLocked(existing, Interlocked.Increment(ref _version));
            return true;
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
        var limit = Math.Max(0, query.Limit);
        var result = new List<Article>(Math.Min(limit, 512));
        if (limit == 0)
        {
            return result;
        }

        lock (_lock)
        {
            foreach (var article in Candidates(query))
            {
                if (query.Since is { } since && article.Published < since)
                {
                    break;
                }

                if (query.Matches(article))
                {
                    result.Add(article);
                    if (result.Count == limit)
                    {
                        break;
                    }
                }
            }
        }

        return result;
    }

    /// <summary>Every source with its article count and latest publication, by slug.</summary>
    public IReadOnlyList<SourceSummary> Sources()
    {
        lock (_lock)
        {
            return _sources
                .Where(s => s.Value.Articles.Count > 0)
                .Select(s => new SourceSummary(s.Key, s.Value.Articles.Min!.Source, s.Value.Articles.Count, s.Value.Articles.Min.Published))
                .OrderBy(s => s.Slug, StringComparer.Ordinal)
                .ToList();
        }
    }

    /// <summary>The <see cref="Version"/> at which the articles of source <paramref name="slug"/> last changed; 0 when never.</summary>
    public long SourceVersion(string slug)
    {
        lock (_lock)
        {
            return _sources.TryGetValue(slug, out var source) ? source.Version : 0;
        }
    }

    /// <summary>The version at which each source (by slug) last changed, including sources whose articles were all removed.</summary>
    public IReadOnlyDictionary<string, long> SourceVersions()
    {
        lock (_lock)
        {
            return _sources.ToDictionary(s => s.Key, s => s.Value.Version, StringComparer.Ordinal);
        }
    }

    private IEnumerable<Article> Candidates(ArticleQuery query)
    {
        var probe = query.Before is { } before ? Probe(before) : null;
        if (query.SourceSlug is not null)
        {
            return _sources.TryGetValue(query.SourceSlug, out var one) ? From(one.Articles, probe) : [];
        }

        if (query.Sources.Count == 0)
        {
            return From(_newestFirst, probe);
        }

        var lists = query.Sources.Distinct(StringComparer.Ordinal)
            .Select(slug => _sources.GetValueOrDefault(slug)?.Articles)
            .OfType<SortedSet<Article>>()
            .Select(list => From(list, probe))
            .ToList();
        return lists.Count == 1 ? lists[0] : Merge(lists);
    }

    /// <summary>The part of <paramref name="list"/> after <paramref name="probe"/> in feed order (all of it without one), found in O(log n).</summary>
    private static IEnumerable<Article> From(SortedSet<Article> list, Article? probe)
    {
        if (probe is null || list.Count == 0)
        {
            return list;
        }

        var last = list.Max!;
        if (NewestFirst.Instance.Compare(probe, last) >= 0)
        {
            return [];
        }

        var view = list.GetViewBetween(probe, last);
        return view.Min is { } first && NewestFirst.Instance.Compare(first, probe) == 0 ? view.Skip(1) : view;
    }

    /// <summary>A stand-in article at the cursor's position, to seek in the sorted sets.</summary>
    private static Article Probe(FeedCursor cursor) => new()
    {
        Id = cursor.Id,
        Source = "",
        SourceSlug = "",
        Title = "",
        Published = new DateTimeOffset(cursor.PublishedUtcTicks, TimeSpan.Zero),
    };

    /// <summary>K-way merge of newest-first lists, so that a multi-source query also walks only what it returns.</summary>
    private static IEnumerable<Article> Merge(List<IEnumerable<Article>> lists)
    {
        var cursors = new PriorityQueue<IEnumerator<Article>, Article>(NewestFirst.Instance);
        try
        {
            foreach (var list in lists)
            {
                var cursor = list.GetEnumerator();
                if (cursor.MoveNext())
                {
                    cursors.Enqueue(cursor, cursor.Current);
                }
            }

            while (cursors.TryDequeue(out var cursor, out var article))
            {
                yield return article;
                if (cursor.MoveNext())
                {
                    cursors.Enqueue(cursor, cursor.Current);
                }
            }
        }
        finally
        {
            while (cursors.TryDequeue(out var cursor, out _))
            {
                cursor.Dispose();
            }
        }
    }

    private void RemoveLocked(Article existing, long version)
    {
        _newestFirst.Remove(existing);
        if (_sources.TryGetValue(existing.SourceSlug, out var source))
        {
            source.Articles.Remove(existing);
            source.Version = version;
        }
    }

    private sealed class SourceEntry
    {
        public SortedSet<Article> Articles { get; } = new(NewestFirst.Instance);

        public long Version { get; set; }
    }

    /// <summary>Newest publication first; ties broken by id so the order is total and stable.</summary>
    private sealed class NewestFirst : IComparer<Article>
    {
        public static readonly NewestFirst Instance = new();

        public int Compare(Article? x, Article? y)
        {
            if (ReferenceEquals(x, y))
            {
                return 0;
            }

            if (x is null || y is null)
            {
                return x is null ? 1 : -1;
            }

            var byTime = y.Published.UtcTicks.CompareTo(x.Published.UtcTicks);
            return byTime != 0 ? byTime : string.CompareOrdinal(x.Id, y.Id);
        }
    }
}
