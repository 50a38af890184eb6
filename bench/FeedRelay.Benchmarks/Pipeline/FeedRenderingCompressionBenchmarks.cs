using System.IO.Compression;
using BenchmarkDotNet.Attributes;
using FeedRelay.Feeds;

namespace FeedRelay.Benchmarks.Pipeline;

/// <summary>
/// Pre-compressing one rendered feed with gzip and Brotli at several levels: 50 distinct real articles (the newest
/// seed fixtures of tests/fixtures, normalised; not the corpus cycled from 15 seeds, whose repeats Brotli's 4 MiB
/// window sees and gzip's 32 KiB one does not), RSS;
/// time per document here, and the compressed size printed once at setup (<c>size</c> lines), to choose
/// <see cref="FeedCompression"/>'s levels. <c>CompressionLevel.Optimal</c> (what FeedSnapshot used) is the baseline.
/// </summary>
[MemoryDiagnoser]
public class FeedRenderingCompressionBenchmarks
{
    private byte[] _document = [];

    /// <summary>Codec and level: gzip-N is zlib level N, br-N Brotli quality N; *-optimal is CompressionLevel.Optimal through the streams.</summary>
    [Params("gzip-optimal", "gzip-1", "gzip-4", "gzip-6", "gzip-9", "br-optimal", "br-1", "br-4", "br-5", "br-6", "br-9", "br-11")]
    public string Codec { get; set; } = "gzip-optimal";

    /// <summary>Renders the document once and prints its size under every codec.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _document = FeedWriter.Write(FeedFormat.Rss, BenchFeeds.All, FixtureArticles(50));
        Console.WriteLine($"// size identity={_document.Length} {Codec}={Compress(Codec, _document).Length}");
    }

    /// <summary>The <paramref name="count"/> newest distinct articles of the seed fixtures, normalised, newest first.</summary>
    public static IReadOnlyList<Article> FixtureArticles(int count)
    {
        var normaliser = new FeedRelay.Ingestion.ArticleNormaliser();
        return Directory.EnumerateFiles(Path.Combine(Corpus.RepoRoot(), "tests", "fixtures"), "*.md", SearchOption.AllDirectories)
            .Where(f => !Path.GetFileName(f).Equals("SOURCES.md", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .Select(f => FeedRelay.Seeds.SeedParser.Parse(File.ReadAllBytes(f)))
            .Where(r => r.IsSuccess)
            .Select(r => normaliser.Normalise(r.Seed!))
            .DistinctBy(a => a.Id)
            .OrderByDescending(a => a.Published)
            .Take(count)
            .ToList();
    }

    /// <summary>Compresses the document once.</summary>
    [Benchmark(Description = "compress one 50-item RSS document")]
    public int Compress() => Compress(Codec, _document).Length;

    /// <summary>The document compressed with <paramref name="codec"/>.</summary>
    public static byte[] Compress(string codec, byte[] document) => codec switch
    {
        "gzip-optimal" => Stream(document, s => new GZipStream(s, CompressionLevel.Optimal)),
        "br-optimal" => Stream(document, s => new BrotliStream(s, CompressionLevel.Optimal)),
        _ when codec.StartsWith("gzip-", StringComparison.Ordinal) => FeedCompression.Gzip(document, int.Parse(codec[5..], System.Globalization.CultureInfo.InvariantCulture)),
        _ => FeedCompression.Brotli(document, int.Parse(codec[3..], System.Globalization.CultureInfo.InvariantCulture)),
    };

    private static byte[] Stream(byte[] data, Func<Stream, Stream> compressor)
    {
        using var buffer = new MemoryStream();
        using (var stream = compressor(buffer))
        {
            stream.Write(data);
        }

        return buffer.ToArray();
    }
}
