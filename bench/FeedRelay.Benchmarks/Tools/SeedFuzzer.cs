using System.Diagnostics;
using System.Text;
using System.Text.Json;
using FeedRelay.Benchmarks.Pipeline;
using FeedRelay.Ingestion;
using FeedRelay.Seeds;

namespace FeedRelay.Benchmarks.Tools;

/// <summary>
/// <c>fuzz --cases 100000 [--seed 1] [--normalise-every 10] [--out DIR]</c>: mutates the corpus seeds (byte flips,
/// cuts, splices, format tokens, bad UTF-8, huge lines, deep nesting) and decodes and parses every case; every
/// N-th case that parses is also normalised (HTML cleaning costs far more than parsing; normalising every case
/// would make 100,000 cases take about half an hour on two shared cores). Every case must end as an article or a
/// named rejection; an exception is a bug and is saved to --out.
/// </summary>
public static class SeedFuzzer
{
    private static readonly string[] Tokens =
    [
        "---", "------", "\n---\n", "<!--", "-->", "<!--1645691943000-->", "[t](https://example.org/a)", "[", "](", ")", "title:",
        "date:", "link:", "categories:\n - ", "author: ", "'", "\"", ": ", "\t", "\r", "\r\n", "\0", "\uFEFF", "\u202E", "\uFFFD",
        "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "&#x0;", "&amp;", "<![CDATA[", "]]>", "<div>", "</div>",
        "date: 99999-99-99", "date: Thu, 31 Feb 2022 25:61:61 GMT", "{{", "}}", "&", "*", "!!binary", "? ", "- - -", "|\n  ",
        "https://", "javascript:alert(1)", "\u0085", "\u2028", "\uD800",
    ];

    /// <summary>Runs the fuzzer and prints its figures as JSON.</summary>
    public static async Task<int> RunAsync(ToolArgs args)
    {
        var cases = args.Int("cases", 100_000);
        var random = new Random(args.Int("seed", 1));
        var outDir = args.Get("out", "");
        var corpus = Corpus.Files().Select(f => f.Bytes).ToList();
        var normaliser = new ArticleNormaliser();
        var normaliseEvery = Math.Max(1, args.Int("normalise-every", 10));
        var normalised = 0;
        var rejections = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var exceptions = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var articles = 0;
        var slowest = TimeSpan.Zero;
        var total = Stopwatch.StartNew();
        var one = new Stopwatch();
        for (var i = 0; i < cases; i++)
        {
            var input = Mutate(corpus, random);
            one.Restart();
            try
            {
                var result = SeedParser.Parse(input);
                if (result.IsSuccess)
                {
                    if (articles++ % normaliseEvery == 0)
                    {
                        _ = normaliser.Normalise(result.Seed);
                        normalised++;
                    }
                }
                else
                {
                    rejections[result.Error.Code] = rejections.GetValueOrDefault(result.Error.Code) + 1;
                }
            }
#pragma warning disable CA1031 // Counting every exception is the point of the fuzzer.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                var key = ex.GetType().Name;
                exceptions[key] = exceptions.GetValueOrDefault(key) + 1;
                if (outDir.Length > 0)
                {
                    Directory.CreateDirectory(outDir);
                    await File.WriteAllBytesAsync(Path.Combine(outDir, $"case-{i}.seed"), input);
                    await File.WriteAllTextAsync(Path.Combine(outDir, $"case-{i}.txt"), ex.ToString());
                }
            }

            slowest = one.Elapsed > slowest ? one.Elapsed : slowest;
        }

        total.Stop();
        var exceptionCount = exceptions.Values.Sum();
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            cases,
            seconds = total.Elapsed.TotalSeconds,
            casesPerSecond = cases / total.Elapsed.TotalSeconds,
            articles,
            normalised,
            rejected = rejections.Values.Sum(),
            rejectionsByCode = rejections,
            exceptions = exceptionCount,
            exceptionsByType = exceptions,
            slowestCaseMs = slowest.TotalMilliseconds,
        }));
        return exceptionCount == 0 ? 0 : 1;
    }

    /// <summary>One fuzz case: a corpus seed with one to four random mutations.</summary>
    internal static byte[] Mutate(IReadOnlyList<byte[]> corpus, Random random)
    {
        var data = new List<byte>(corpus[random.Next(corpus.Count)]);
        var steps = random.Next(1, 5);
        for (var s = 0; s < steps; s++)
        {
            switch (random.Next(9))
            {
                case 0 when data.Count > 0: // flip bits of a few bytes
                    for (var k = random.Next(1, 8); k > 0; k--)
                    {
                        var at = random.Next(data.Count);
                        data[at] ^= (byte)(1 << random.Next(8));
                    }

                    break;
                case 1 when data.Count > 1: // cut a range
                    {
                        var at = random.Next(data.Count);
                        data.RemoveRange(at, random.Next(Math.Min(data.Count - at, 512) + 1));
                        break;
                    }

                case 2: // random bytes
                    {
                        var bytes = new byte[random.Next(1, 64)];
                        random.NextBytes(bytes);
                        data.InsertRange(random.Next(data.Count + 1), bytes);
                        break;
                    }

                case 3 when data.Count > 1: // duplicate a range
                    {
                        var at = random.Next(data.Count);
                        var range = data.GetRange(at, random.Next(Math.Min(data.Count - at, 1024) + 1));
                        data.InsertRange(random.Next(data.Count + 1), range);
                        break;
                    }

                case 4 when data.Count > 0: // truncate
                    {
                        var keep = random.Next(data.Count);
                        data.RemoveRange(keep, data.Count - keep);
                        break;
                    }

                case 5: // a format token
                    data.InsertRange(random.Next(data.Count + 1), Encoding.UTF8.GetBytes(Tokens[random.Next(Tokens.Length)]));
                    break;
                case 6: // splice with another seed
                    {
                        var other = corpus[random.Next(corpus.Count)];
                        var keep = random.Next(data.Count + 1);
                        data.RemoveRange(keep, data.Count - keep);
                        data.AddRange(other.Skip(random.Next(other.Length + 1)));
                        break;
                    }

                case 7: // a huge line or deep nesting
                    data.InsertRange(random.Next(data.Count + 1), Encoding.UTF8.GetBytes(random.Next(2) == 0
                        ? new string('A', random.Next(1, 200_000))
                        : string.Concat(Enumerable.Repeat("<div><b>", random.Next(1, 1_000)))));
                    break;
                default: // invalid UTF-8 or a byte-order mark
                    data.InsertRange(random.Next(data.Count + 1), random.Next(3) switch
                    {
                        0 => new byte[] { 0xFF, 0xFE },
                        1 => new byte[] { 0xEF, 0xBB, 0xBF },
                        _ => new byte[] { 0xC3, 0x28, 0xE2, 0x82 },
                    });
                    break;
            }
        }

        return [.. data];
    }
}
