using BenchmarkDotNet.Attributes;
using FeedRelay.Feeds;

namespace FeedRelay.Benchmarks.Pipeline;

/// <summary>
/// Rendering one feed document of 50 corpus articles, in every format <see cref="FeedFormat"/> has: the writer alone
/// (today's against the pre-issue-16 writers, <see cref="LegacyFeedWriters"/>, as the baseline), building the document,
/// and both together (what <c>render-vs-node-feed.sh</c> times against Node's <c>feed</c>), cold and with a warm item cache.
/// </summary>
[MemoryDiagnoser]
public class FeedRenderingBenchmarks
{
    private IReadOnlyList<Article> _articles = [];
    private FeedDocument _document = null!;
    private FeedItemCache _cache = null!;

    /// <summary>The format rendered (every value of the enum, so a new format is benchmarked without edits).</summary>
    [ParamsAllValues]
    public FeedFormat Format { get; set; }

    /// <summary>Normalises 50 articles once and builds their document.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _articles = Corpus.Articles(50);
        _document = FeedDocumentBuilder.Build(BenchFeeds.All, _articles, FeedView.Original, ClusteringOptions.Disabled, _articles.Count);
        _cache = new FeedItemCache(64L * 1024 * 1024);
        FeedWriter.Write(Format, BenchFeeds.All, _articles, _cache);
    }

    /// <summary>The writer before issue 16 (XmlWriter / Syndication / Utf8JsonWriter over a MemoryStream) on the built document.</summary>
    [Benchmark(Baseline = true, Description = "legacy writer, built document")]
    public int LegacyWrite() => LegacyFeedWriters.Write(Format, _document).Length;

    /// <summary>FeedWriter.Write of the built document.</summary>
    [Benchmark(Description = "FeedWriter.Write, built document")]
    public int Write() => FeedWriter.Write(Format, _document).Length;

    /// <summary>FeedDocumentBuilder.Build alone (clustering off), the same in every format.</summary>
    [Benchmark(Description = "FeedDocumentBuilder.Build, 50 items")]
    public int Build() => FeedDocumentBuilder.Build(BenchFeeds.All, _articles, FeedView.Original, ClusteringOptions.Disabled, _articles.Count).Items.Count;

    /// <summary>FeedWriter.Write of the 50 articles (build + write); returns the document's size.</summary>
    [Benchmark(Description = "FeedWriter.Write, 50 items")]
    public int Render() => FeedWriter.Write(Format, BenchFeeds.All, _articles).Length;

    /// <summary>FeedWriter.Write of the 50 articles with a warm <see cref="FeedItemCache"/>: every item's fragment is copied (a rebuild in which no item changed).</summary>
    [Benchmark(Description = "FeedWriter.Write, 50 items, warm item cache")]
    public int RenderCached() => FeedWriter.Write(Format, BenchFeeds.All, _articles, _cache).Length;
}

/// <summary>The feed descriptions the benchmarks and harness tools render with.</summary>
public static class BenchFeeds
{
    private static readonly Uri BaseUrl = new("http://127.0.0.1/");

    /// <summary>The merged feed, as the server describes it.</summary>
    public static FeedDescription All { get; } = new(
        "all",
        "FeedRelay: all sources",
        new Uri(BaseUrl, "api/feeds/all.rss"),
        BaseUrl,
        id => new Uri(BaseUrl, "api/articles/" + id));
}
