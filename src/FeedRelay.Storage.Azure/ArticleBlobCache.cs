namespace FeedRelay.Storage.Azure;

/// <summary>
/// A size-bounded, least-recently-used cache of article blobs by id and content hash: while an index row still names the hash
/// of the blob read last time, the feed is built without reading the blob again. Thread-safe.
/// </summary>
internal sealed class ArticleBlobCache(long maxBytes)
{
    private readonly Dictionary<string, LinkedListNode<Entry>> _entries = new(StringComparer.Ordinal);
    private readonly LinkedList<Entry> _recent = new();
    private readonly Lock _lock = new();
    private long _bytes;

    /// <summary>The cached article <paramref name="id"/> when it was stored with content hash <paramref name="hash"/>.</summary>
    public Article? Get(string id, string hash)
    {
        lock (_lock)
        {
            if (!_entries.TryGetValue(id, out var node) || node.Value.Hash != hash)
            {
                return null;
            }

            _recent.Remove(node);
            _recent.AddFirst(node);
            return node.Value.Article;
        }
    }

    /// <summary>Keeps <paramref name="article"/> (blob of <paramref name="bytes"/> bytes, hash <paramref name="hash"/>), evicting the least recently used.</summary>
    public void Set(Article article, string hash, long bytes)
    {
        if (bytes > maxBytes / 4)
        {
            return;
        }

        lock (_lock)
        {
            if (_entries.Remove(article.Id, out var old))
            {
                _recent.Remove(old);
                _bytes -= old.Value.Bytes;
            }

            _entries[article.Id] = _recent.AddFirst(new Entry(article, hash, bytes));
            _bytes += bytes;
            while (_bytes > maxBytes && _recent.Last is { } last)
            {
                _recent.RemoveLast();
                _entries.Remove(last.Value.Article.Id);
                _bytes -= last.Value.Bytes;
            }
        }
    }

    private sealed record Entry(Article Article, string Hash, long Bytes);
}
