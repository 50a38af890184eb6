using BenchmarkDotNet.Attributes;
using FeedRelay.Feeds;
using FeedRelay.Web.Feeds;
using FeedRelay.Storage;
using FeedRelay.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace FeedRelay.Benchmarks;

/// <summary>
/// The merged RSS feed of 50 items from a store of 1,000 vs 100,000 articles: what a reader's poll costs when the
/// cached document is valid (<see cref="CachedFeed"/>), when the store just changed and the document is rebuilt
/// (<see cref="RebuiltFeed"/>: index walk, clustering, RSS writing, hashing, gzip and brotli), and, as the baseline
/// the index replaces, sorting every article to find the newest 50 (<see cref="SortEverything"/>).
/// </summary>
[MemoryDiagnoser]
public class MergedFeedBenchmarks
{
    private static readonly Uri BaseUrl = new("http://localhost:7071/");
    private SyntheticStore _store = null!;
    private FeedService _service = null!;
    private FeedRequest _request = null!;
    private List<Article> _all = null!;

    /// <summary>Articles in the store.</summary>
    [Params(1_000, 100_000)]
    public int StoreSize { get; set; }

    /// <summary>Builds the store and warms the cache.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _store = SyntheticStore.Create(StoreSize);
        _all = _store.Index.Query(new ArticleQuery(Limit: int.MaxValue)).ToList();
        var serving = Options.Create(new FeedServingOptions());
        var relay = Options.Create(new FeedRelayOptions());
        _service = new FeedService(_store, new FeedBuilder(_store, serving, relay), new DisabledFeedDocumentStore(), new DisabledFeedRebuildQueue(),
            relay, serving, Microsoft.Extensions.Logging.Abstractions.NullLogger<FeedService>.Instance);
        FeedRequest.TryParse(new QueryCollection(), 50, out _request, out _);
        CachedFeed();
    }

    /// <summary>Disposes the service.</summary>
    [GlobalCleanup]
    public void Cleanup() => _service.Dispose();

    /// <summary>A poll served from the cache.</summary>
    [Benchmark(Baseline = true)]
    public FeedSnapshot CachedFeed() => _service.GetAsync("all", FeedFormat.Rss, _request, BaseUrl, CancellationToken.None).GetAwaiter().GetResult().Snapshot!;

    /// <summary>A poll right after the store changed: the document is rebuilt from the index.</summary>
    [Benchmark]
    public FeedSnapshot RebuiltFeed()
    {
        // Re-setting an existing article bumps the index version without changing the store's size.
        _store.Index.Set(_all[^1]);
        return _service.GetAsync("all", FeedFormat.Rss, _request, BaseUrl, CancellationToken.None).GetAwaiter().GetResult().Snapshot!;
    }

    /// <summary>What the skeleton's query did: sort the whole store to take 50.</summary>
    [Benchmark]
    public List<Article> SortEverything() =>
        _all.OrderByDescending(a => a.Published).ThenBy(a => a.Id, StringComparer.Ordinal).Take(50).ToList();
}
