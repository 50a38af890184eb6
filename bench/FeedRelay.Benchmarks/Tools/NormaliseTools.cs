using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AngleSharp.Html.Parser;
using FeedRelay.Benchmarks.Pipeline;
using FeedRelay.Content;
using FeedRelay.Ingestion;
using FeedRelay.Seeds;
using FeedRelay.Storage;

namespace FeedRelay.Benchmarks.Tools;

/// <summary>Harness commands for issue 16's normalisation work: a per-stage time split and an output fingerprint.</summary>
public static class NormaliseTools
{
    /// <summary>
    /// <c>normalise-split [--seeds DIR] [--rounds N] [--only stage,stage]</c>: one thread, the corpus (<see cref="Corpus.SeedFolder"/> or DIR) N times;
    /// per stage the fastest round in ms (wall, and process CPU time: less disturbed by other processes, but it counts every
    /// thread, GC and Lingua's own Parallel.For included) and its ratio to the floor (a bare AngleSharp parse of each seed's
    /// HTML), and the bytes allocated by this thread. One JSON line.
    /// </summary>
    public static Task<int> SplitAsync(ToolArgs args)
    {
        if (args.Get("seeds", "") is { Length: > 0 } folder)
        {
            Environment.SetEnvironmentVariable("FEEDRELAY_BENCH_SEEDS", folder);
        }

        var rounds = args.Int("rounds", 20);
        var files = Corpus.Files();
        var texts = files.Select(f => SeedText.TryDecode(f.Bytes, out var t, out _) ? t : null).OfType<string>().ToArray();
        var seeds = texts.Select(t => SeedParser.Parse(t).Seed).OfType<ParsedSeed>().ToArray();
        var cleaner = new HtmlCleaner();
        var normaliser = new ArticleNormaliser();
        var detector = new LanguageDetector();
        var samples = seeds.Select(s => s.Title + "\n" + cleaner.CleanWithText(s.Html, s.Link).PlainText).ToArray();
        var parser = new HtmlParser();
        var stages = new (string Name, Func<int> Run)[]
        {
            ("floor", () => seeds.Sum(s => parser.ParseDocument(s.Html).All.Length)),
            ("decode", () => files.Sum(f => SeedText.TryDecode(f.Bytes, out var t, out _) ? t.Length : 0)),
            ("seedParse", () => texts.Sum(t => SeedParser.Parse(t).IsSuccess ? 1 : 0)),
            ("cleanWithText", () => seeds.Sum(s => cleaner.CleanWithText(s.Html, s.Link).Html.Length)),
            ("detect", () => samples.Sum(s => detector.Detect(s)?.Length ?? 0)),
            ("normalise", () => seeds.Sum(s => normaliser.Normalise(s).ContentHtml.Length)),
            ("full", () => texts.Sum(t => SeedParser.Parse(t).Seed is { } r ? normaliser.Normalise(r).ContentHtml.Length : 0)),
        };
        if (args.Get("only", "") is { Length: > 0 } only)
        {
            // The floor always runs: every ratio is to it. For profiling one stage.
            var names = only.Split(',', StringSplitOptions.TrimEntries).Append("floor").ToHashSet(StringComparer.Ordinal);
            stages = stages.Where(s => names.Contains(s.Name)).ToArray();
        }

        var best = stages.ToDictionary(s => s.Name, _ => double.MaxValue);
        var bestCpu = stages.ToDictionary(s => s.Name, _ => double.MaxValue);
        using var process = Process.GetCurrentProcess();
        var allocated = new Dictionary<string, long>();
        for (var round = 0; round < rounds; round++)
        {
            foreach (var (name, run) in stages)
            {
                var before = GC.GetAllocatedBytesForCurrentThread();
                process.Refresh();
                var cpu = process.TotalProcessorTime;
                var clock = Stopwatch.StartNew();
                run();
                best[name] = Math.Min(best[name], clock.Elapsed.TotalMilliseconds);
                process.Refresh();
                bestCpu[name] = Math.Min(bestCpu[name], (process.TotalProcessorTime - cpu).TotalMilliseconds);
                allocated[name] = GC.GetAllocatedBytesForCurrentThread() - before;
            }
        }

        var floor = best["floor"];
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            seeds = seeds.Length,
            rounds,
            ms = best.ToDictionary(p => p.Key, p => Math.Round(p.Value, 2)),
            ratio = best.ToDictionary(p => p.Key, p => Math.Round(p.Value / floor, 2)),
            cpuMs = bestCpu.ToDictionary(p => p.Key, p => Math.Round(p.Value, 1)),
            cpuRatio = bestCpu.ToDictionary(p => p.Key, p => Math.Round(p.Value / bestCpu["floor"], 2)),
            allocatedKB = allocated.ToDictionary(p => p.Key, p => p.Value / 1024),
        }));
        return Task.FromResult(0);
    }

    /// <summary>
    /// <c>normalise-dump --seeds DIR</c>: for every file under DIR (recursively, in name order) one line
    /// "path language sha256-of-article-json" (or the rejection code), to compare two builds' outputs file by file.
    /// </summary>
    public static Task<int> DumpAsync(ToolArgs args)
    {
        var root = args.Require("seeds");
        var normaliser = new ArticleNormaliser();
        foreach (var path in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var name = Path.GetRelativePath(root, path);
            if (SeedParser.Parse(File.ReadAllBytes(path)).Seed is not { } seed)
            {
                Console.WriteLine($"{name}\t-\trejected");
                continue;
            }

            var article = normaliser.Normalise(seed);
            var json = JsonSerializer.Serialize(article, StoreJson.Options);
            Console.WriteLine($"{name}\t{article.Language ?? "null"}\t{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)))}");
        }

        return Task.FromResult(0);
    }
}
