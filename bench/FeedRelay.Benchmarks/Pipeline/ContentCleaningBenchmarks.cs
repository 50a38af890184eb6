using AngleSharp.Html.Parser;
using BenchmarkDotNet.Attributes;
using FeedRelay.Content;
using FeedRelay.Ingestion;
using FeedRelay.Seeds;

namespace FeedRelay.Benchmarks.Pipeline;

/// <summary>
/// Cleaning and full normalisation of the corpus against the floor: a bare AngleSharp parse of the same HTML
/// (nothing that sanitises HTML can be cheaper than parsing it once). Ratio column = times the floor.
/// </summary>
[MemoryDiagnoser]
public class ContentCleaningBenchmarks
{
    private readonly HtmlParser _parser = new();
    private readonly HtmlCleaner _cleaner = new();
    private readonly ArticleNormaliser _normaliser = new();
    private readonly LanguageDetector _languages = new();
    private IReadOnlyList<(string Name, string Text, ParsedSeed Seed)> _seeds = [];
    private string[] _languageSamples = [];

    /// <summary>Loads and parses the corpus once.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _seeds = Corpus.Parsed();
        _languageSamples = _seeds.Select(s => s.Seed.Title + "\n" + _cleaner.CleanWithText(s.Seed.Html, s.Seed.Link).PlainText).ToArray();
    }

    /// <summary>The floor: AngleSharp parses each seed's raw HTML into a DOM.</summary>
    [Benchmark(Baseline = true, Description = "bare AngleSharp parse (floor)")]
    public int BareAngleSharpParse()
    {
        var nodes = 0;
        foreach (var (_, _, seed) in _seeds)
        {
            nodes += _parser.ParseDocument(seed.Html).All.Length;
        }

        return nodes;
    }

    /// <summary>SeedParser.Parse of each seed's decoded text (format detection, front matter, header, dates; no HTML work).</summary>
    [Benchmark(Description = "SeedParser.Parse(text)")]
    public int ParseSeeds()
    {
        var parsed = 0;
        foreach (var (_, text, _) in _seeds)
        {
            parsed += SeedParser.Parse(text).IsSuccess ? 1 : 0;
        }

        return parsed;
    }

    /// <summary>HtmlCleaner.Clean of each seed's raw HTML.</summary>
    [Benchmark(Description = "HtmlCleaner.Clean")]
    public int Clean()
    {
        var length = 0;
        foreach (var (_, _, seed) in _seeds)
        {
            length += _cleaner.Clean(seed.Html, seed.Link).Length;
        }

        return length;
    }

    /// <summary>Language detection alone (script counts, then Lingua for non-CJK text) on what Normalise gives it.</summary>
    [Benchmark(Description = "LanguageDetector.Detect (title + plain text)")]
    public int DetectLanguage()
    {
        var detected = 0;
        foreach (var sample in _languageSamples)
        {
            detected += _languages.Detect(sample) is null ? 0 : 1;
        }

        return detected;
    }

    /// <summary>ArticleNormaliser.Normalise of each parsed seed (cleaning, image, summary, identity).</summary>
    [Benchmark(Description = "ArticleNormaliser.Normalise")]
    public int Normalise()
    {
        var length = 0;
        foreach (var (_, _, seed) in _seeds)
        {
            length += _normaliser.Normalise(seed).ContentHtml.Length;
        }

        return length;
    }

    /// <summary>Full normalisation: seed text to article (parse + normalise), what ingestion does per seed before storing.</summary>
    [Benchmark(Description = "full normalisation (SeedParser.Parse + Normalise)")]
    public int FullNormalisation()
    {
        var length = 0;
        foreach (var (_, text, _) in _seeds)
        {
            if (SeedParser.Parse(text) is { IsSuccess: true } parsed)
            {
                length += _normaliser.Normalise(parsed.Seed).ContentHtml.Length;
            }
        }

        return length;
    }
}
