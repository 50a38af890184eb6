using BenchmarkDotNet.Attributes;
using FeedRelay.Seeds;

namespace FeedRelay.Benchmarks.Pipeline;

/// <summary>Seed bytes to <see cref="ParsedSeed"/> (decode, detect format, parse) for the whole corpus.</summary>
[MemoryDiagnoser]
public class SeedParsingBenchmarks
{
    private IReadOnlyList<(string Name, byte[] Bytes)> _files = [];

    /// <summary>Loads the corpus once.</summary>
    [GlobalSetup]
    public void Setup() => _files = Corpus.Files();

    /// <summary>Parses every corpus seed once; returns how many parsed.</summary>
    [Benchmark(Description = "SeedParser.Parse(bytes), whole corpus")]
    public int ParseCorpus()
    {
        var parsed = 0;
        foreach (var (_, bytes) in _files)
        {
            if (SeedParser.Parse(bytes).IsSuccess)
            {
                parsed++;
            }
        }

        return parsed;
    }
}
