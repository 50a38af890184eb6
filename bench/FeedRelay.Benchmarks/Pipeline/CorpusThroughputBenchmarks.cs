using AngleSharp.Html.Parser;
using BenchmarkDotNet.Attributes;
using FeedRelay.Ingestion;
using FeedRelay.Seeds;

namespace FeedRelay.Benchmarks.Pipeline;

/// <summary>
/// Bulk-import throughput on all cores: seed text to article (<see cref="SeedParser"/> + <see cref="ArticleNormaliser"/>,
/// no store) against the floor of one AngleSharp parse of each whole seed file, both spread over every core.
/// Each operation processes the corpus <see cref="Repeat"/> times; files/s = files per operation / mean.
/// </summary>
[MemoryDiagnoser]
public class CorpusThroughputBenchmarks
{
    private readonly ArticleNormaliser _normaliser = new();
    private readonly ThreadLocal<HtmlParser> _parsers = new(() => new HtmlParser());
    private string[] _texts = [];

    /// <summary>How many times the corpus is processed per operation.</summary>
    [Params(2)]
    public int Repeat { get; set; }

    /// <summary>Seed files per operation.</summary>
    public int Files => _texts.Length;

    /// <summary>Loads the corpus once, repeated <see cref="Repeat"/> times.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var texts = Corpus.Parsed().Select(p => p.Text).ToArray();
        _texts = Enumerable.Repeat(texts, Repeat).SelectMany(t => t).ToArray();
        Console.WriteLine($"// {texts.Length} seed files x {Repeat} = {_texts.Length} per operation, {Environment.ProcessorCount} cores");
    }

    /// <summary>The floor: each whole seed file parsed once by AngleSharp, on all cores.</summary>
    [Benchmark(Baseline = true, Description = "bare AngleSharp parse of each whole seed file, all cores (floor)")]
    public int BareParseAllCores()
    {
        var nodes = 0;
        Parallel.For(0, _texts.Length, i => Interlocked.Add(ref nodes, _parsers.Value!.ParseDocument(_texts[i]).All.Length));
        return nodes;
    }

    /// <summary>Seed text to article for every file, on all cores.</summary>
    [Benchmark(Description = "normalisation (SeedParser.Parse + Normalise), all cores")]
    public int NormaliseAllCores()
    {
        var length = 0;
        Parallel.For(0, _texts.Length, i =>
        {
            if (SeedParser.Parse(_texts[i]) is { IsSuccess: true } parsed)
            {
                Interlocked.Add(ref length, _normaliser.Normalise(parsed.Seed).ContentHtml.Length);
            }
        });
        return length;
    }
}
