namespace FeedRelay.Feeds;

/// <summary>
/// A size-bounded, least-recently-used cache of built feed items and of each item's rendered, escaped UTF-8
/// fragment per format, so that rebuilding a feed after one new article builds and escapes only that article: the
/// other items are copied as bytes. Keyed by (view, site URL, article id, updated time) and checked on every hit
/// against the articles the item was built from (the same instances, else equal text field by field; the link
/// <see cref="FeedDescription.ArticleUrl"/> gives), so a hit never returns an item that differs from a fresh build.
/// Thread-safe; memory is bounded by <see cref="SizeLimitBytes"/> whatever the size of the store.
/// </summary>
public sealed class FeedItemCache
{
    private const int FormatCount = 3;
    private const long EntryOverheadBytes = 512;

    private readonly Lock _lock = new();
    private readonly Dictionary<Key, Entry> _byKey = [];
    private readonly Dictionary<FeedItem, Entry> _byItem = new(ReferenceEqualityComparer.Instance);
    private readonly LinkedList<Entry> _recency = new();
    private long _size;
    private long _hits;
    private long _misses;

    /// <summary>Creates a cache holding at most <paramref name="sizeLimitBytes"/> bytes (estimated: text at two bytes a character, fragments at their length).</summary>
    public FeedItemCache(long sizeLimitBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sizeLimitBytes);
        SizeLimitBytes = sizeLimitBytes;
    }

    /// <summary>The most memory the cache holds, in bytes (estimated).</summary>
    public long SizeLimitBytes { get; }

    /// <summary>Memory held now, in bytes (estimated).</summary>
    public long SizeBytes
    {
        get
        {
            lock (_lock)
            {
                return _size;
            }
        }
    }

    /// <summary>Items held now.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _byKey.Count;
            }
        }
    }

    /// <summary>Items served from the cache so far.</summary>
    public long Hits => Interlocked.Read(ref _hits);

    /// <summary>Items built because the cache had no current one.</summary>
    public long Misses => Interlocked.Read(ref _misses);

    /// <summary>The item of <paramref name="cluster"/> in <paramref name="view"/>: the cached one when it is current, else <paramref name="build"/>'s, which is kept.</summary>
    internal FeedItem GetOrBuild(FeedDescription feed, StoryCluster cluster, FeedView view, Func<FeedDescription, StoryCluster, FeedView, FeedItem> build)
    {
        var lead = cluster.Lead;
        var key = new Key(view, feed.SiteUrl.AbsoluteUri, lead.Id, lead.Updated.UtcTicks);
        Entry? entry;
        lock (_lock)
        {
            if (_byKey.TryGetValue(key, out entry))
            {
                _recency.Remove(entry.Node);
                _recency.AddFirst(entry.Node);
            }
        }

        // The check reads only immutable data, so it runs outside the lock.
        if (entry is not null && IsCurrent(entry, feed, cluster))
        {
            Interlocked.Increment(ref _hits);
            return entry.Item;
        }

        Interlocked.Increment(ref _misses);
        var item = build(feed, cluster, view);
        var fresh = new Entry(key, item, cluster);
        fresh.Size = EntryOverheadBytes + SizeOf(cluster) + SizeOf(item);
        lock (_lock)
        {
            if (_byKey.TryGetValue(key, out var old))
            {
                RemoveLocked(old);
            }

            if (fresh.Size <= SizeLimitBytes)
            {
                _byKey.Add(key, fresh);
                _byItem[item] = fresh;
                _recency.AddFirst(fresh.Node);
                _size += fresh.Size;
                TrimLocked();
            }
        }

        return item;
    }

    /// <summary>Whether <paramref name="item"/> came from this cache (and is still in it); then <paramref name="fragment"/> is its fragment in <paramref name="format"/>, or null when not rendered yet.</summary>
    internal bool TryGetFragment(FeedItem item, FeedFormat format, out byte[]? fragment)
    {
        lock (_lock)
        {
            if (_byItem.TryGetValue(item, out var entry))
            {
                fragment = entry.Fragments[(int)format];
                return true;
            }
        }

        fragment = null;
        return false;
    }

    /// <summary>Keeps <paramref name="fragment"/> as the rendering of <paramref name="item"/> in <paramref name="format"/>, when the item is still cached.</summary>
    internal void SetFragment(FeedItem item, FeedFormat format, byte[] fragment)
    {
        lock (_lock)
        {
            if (!_byItem.TryGetValue(item, out var entry) || entry.Fragments[(int)format] is not null)
            {
                return;
            }

            entry.Fragments[(int)format] = fragment;
            entry.Size += fragment.Length;
            _size += fragment.Length;
            if (entry.Size > SizeLimitBytes)
            {
                RemoveLocked(entry);
            }

            TrimLocked();
        }
    }

    /// <summary>Whether the cached item was built from articles with the same content as <paramref name="cluster"/>'s.</summary>
    private static bool IsCurrent(Entry entry, FeedDescription feed, StoryCluster cluster)
    {
        if (!SameArticle(entry.Lead, cluster.Lead) || entry.Others.Count != cluster.Others.Count)
        {
            return false;
        }

        for (var i = 0; i < entry.Others.Count; i++)
        {
            var (was, now) = (entry.Others[i], cluster.Others[i]);
            if (!ReferenceEquals(was, now)
                && !(was.Id == now.Id && was.Source == now.Source && was.Title == now.Title && SameUri(was.Link, now.Link)))
            {
                return false;
            }
        }

        // Links the feed makes up (articles without one of their own): the same site URL does not promise the same page URL.
        if (cluster.Lead.Link is null && !SameUri(entry.Item.Link, feed.ArticleUrl(cluster.Lead.Id)))
        {
            return false;
        }

        for (var i = 0; i < cluster.Others.Count; i++)
        {
            if (cluster.Others[i].Link is null && !SameUri(entry.Item.Related[i].Url, feed.ArticleUrl(cluster.Others[i].Id)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Every field an item is built from is equal (ordinal text; the same instance costs one comparison).</summary>
    private static bool SameArticle(Article was, Article now)
    {
        if (ReferenceEquals(was, now))
        {
            return true;
        }

        return was.Id == now.Id
            && was.Title == now.Title
            && SameUri(was.Link, now.Link)
            && was.Published.Equals(now.Published) && was.Published.Offset == now.Published.Offset
            && was.Updated.Equals(now.Updated) && was.Updated.Offset == now.Updated.Offset
            && was.Author == now.Author
            && was.Source == now.Source
            && was.Summary == now.Summary
            && was.ContentHtml == now.ContentHtml
            && was.Language == now.Language
            && SameUri(was.Image, now.Image)
            && (ReferenceEquals(was.Categories, now.Categories) || was.Categories.SequenceEqual(now.Categories, StringComparer.Ordinal))
            && (ReferenceEquals(was.Translation, now.Translation) || Equals(was.Translation, now.Translation));
    }

    // Uri.Equals ignores the fragment; the writers write AbsoluteUri, which has it.
    private static bool SameUri(Uri? was, Uri? now) => ReferenceEquals(was, now) || (was is not null && now is not null && was.AbsoluteUri == now.AbsoluteUri);

    private static long SizeOf(StoryCluster cluster)
    {
        var size = SizeOf(cluster.Lead);
        foreach (var other in cluster.Others)
        {
            size += SizeOf(other);
        }

        return size;
    }

    // Two bytes a character; the article may be shared with the store, but is counted as if the cache alone kept it.
    private static long SizeOf(Article article) =>
        2L * (article.Title.Length + article.Summary.Length + article.ContentHtml.Length
            + (article.Translation is { } t ? t.Title.Length + t.Summary.Length + t.ContentHtml.Length : 0));

    // Text the item holds apart from the article's (a cleaned or extended copy); counting it always keeps the bound conservative.
    private static long SizeOf(FeedItem item) => 2L * (item.Title.Length + item.Summary.Length + item.ContentHtml.Length);

    private void TrimLocked()
    {
        while (_size > SizeLimitBytes && _recency.Last is { } last)
        {
            RemoveLocked(last.Value);
        }
    }

    private void RemoveLocked(Entry entry)
    {
        if (_byKey.Remove(entry.Key))
        {
            _byItem.Remove(entry.Item);
            _recency.Remove(entry.Node);
            _size -= entry.Size;
        }
    }

    private readonly record struct Key(FeedView View, string SiteUrl, string ArticleId, long UpdatedUtcTicks);

    private sealed class Entry
    {
        public Entry(Key key, FeedItem item, StoryCluster cluster)
        {
            Key = key;
            Item = item;
            Lead = cluster.Lead;
            Others = cluster.Others;
            Node = new LinkedListNode<Entry>(this);
        }

        public Key Key { get; }

        public FeedItem Item { get; }

        public Article Lead { get; }

        public IReadOnlyList<Article> Others { get; }

        public LinkedListNode<Entry> Node { get; }

        public byte[]?[] Fragments { get; } = new byte[FormatCount][];

        public long Size { get; set; }
    }
}
