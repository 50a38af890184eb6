using BenchmarkDotNet.Attributes;
using FeedRelay.Feeds;

namespace FeedRelay.Benchmarks.Pipeline;

/// <summary>Rendering one feed document of 50 corpus articles, in every format <see cref="FeedFormat"/> has.</summary>
[MemoryDiagnoser]
public class FeedRenderingBenchmarks
{
    private IReadOnlyList<Article> _articles = [];

    /// <summary>The format rendered (every value of the enum, so a new format is benchmarked without edits).</summary>
    [ParamsAllValues]
    public FeedFormat Format { get; set; }

    /// <summary>Normalises 50 articles once.</summary>
    [GlobalSetup]
    public void Setup() => _articles = Corpus.Articles(50);

    /// <summary>FeedWriter.Write of the 50 articles; returns the document's size.</summary>
    [Benchmark(Description = "FeedWriter.Write, 50 items")]
    public int Render() => FeedWriter.Write(Format, BenchFeeds.All, _articles).Length;
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
