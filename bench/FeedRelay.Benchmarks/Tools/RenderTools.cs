using System.Diagnostics;
using System.Text.Json;
using FeedRelay.Benchmarks.Pipeline;
using FeedRelay.Feeds;
using FeedRelay.Storage;

namespace FeedRelay.Benchmarks.Tools;

/// <summary>The C# side of the comparison with Node's <c>feed</c>: export the items, then render them N times in-process.</summary>
public static class RenderTools
{
    /// <summary><c>export-items --count 50 --out items.json</c>: the articles both renderers get, in the store's JSON shape.</summary>
    public static async Task<int> ExportItemsAsync(ToolArgs args)
    {
        var articles = Corpus.Articles(args.Int("count", 50));
        var path = args.Require("out");
        await File.WriteAllBytesAsync(path, JsonSerializer.SerializeToUtf8Bytes(articles, StoreJson.Options));
        Console.WriteLine(JsonSerializer.Serialize(new { items = articles.Count, path }));
        return 0;
    }

    /// <summary>
    /// <c>render-loop --items items.json --format rss --iterations 2000 --warmup 200 [--cache none|warm|one-new] [--cache-mib 64]</c>:
    /// renders the items with FeedWriter.Write (document build + write) in a loop, timed with a monotonic clock around
    /// the loop only (same method as render-feed.mjs). <c>none</c> (default): cold, every item built and escaped on
    /// every render. <c>warm</c>: one <see cref="FeedItemCache"/> across renders of the same items (a rebuild in which no
    /// item changed). <c>one-new</c>: each render's newest item is an article the cache has never seen and the other
    /// items are the previous render's (the rebuild after one new article), over a cache of <c>--cache-mib</c> (64) MiB that fills and evicts.
    /// </summary>
    public static async Task<int> RenderLoopAsync(ToolArgs args)
    {
        var articles = JsonSerializer.Deserialize<List<Article>>(await File.ReadAllBytesAsync(args.Require("items")), StoreJson.Options)
            ?? throw new InvalidDataException("no items");
        if (!FeedFormats.TryParse(args.Get("format", "rss"), out var format))
        {
            await Console.Error.WriteLineAsync("unknown format " + args.Get("format", "rss"));
            return 2;
        }

        var mode = args.Get("cache", "none");
        if (mode is not ("none" or "warm" or "one-new"))
        {
            await Console.Error.WriteLineAsync("unknown cache mode " + mode);
            return 2;
        }

        var iterations = args.Int("iterations", 2000);
        var warmup = args.Int("warmup", 200);
        var cache = mode == "none" ? null : new FeedItemCache(args.Int("cache-mib", 64) * 1024L * 1024);
        var windows = mode == "one-new" ? SlidingWindows(articles, warmup + iterations) : null;
        var bytes = 0;
        for (var i = 0; i < warmup; i++)
        {
            bytes = FeedWriter.Write(format, BenchFeeds.All, windows?[i] ?? articles, cache).Length;
        }

        var (hits, misses) = (cache?.Hits ?? 0, cache?.Misses ?? 0);
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var (gen0, gen2) = (GC.CollectionCount(0), GC.CollectionCount(2));
        var paused = GC.GetTotalPauseDuration();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < iterations; i++)
        {
            bytes = FeedWriter.Write(format, BenchFeeds.All, windows?[warmup + i] ?? articles, cache).Length;
        }

        clock.Stop();
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        (gen0, gen2) = (GC.CollectionCount(0) - gen0, GC.CollectionCount(2) - gen2);
        paused = GC.GetTotalPauseDuration() - paused;
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            renderer = mode == "none" ? "FeedRelay FeedWriter" : "FeedRelay FeedWriter, cache " + mode,
            format = format.ToString().ToLowerInvariant(),
            items = articles.Count,
            iterations,
            totalMs = clock.Elapsed.TotalMilliseconds,
            perRenderUs = clock.Elapsed.TotalMilliseconds * 1000 / iterations,
            allocatedBytesPerRender = allocated / iterations,
            itemsBuiltPerRender = cache is null ? articles.Count : (double)(cache.Misses - misses) / iterations,
            itemsFromCachePerRender = cache is null ? 0 : (double)(cache.Hits - hits) / iterations,
            gen0Collections = gen0,
            gen2Collections = gen2,
            gcPauseUsPerRender = paused.TotalMilliseconds * 1000 / iterations,
            cacheBytes = cache?.SizeBytes ?? 0,
            cacheItems = cache?.Count ?? 0,
            bytes,
        }));
        return 0;
    }

    /// <summary>
    /// <paramref name="count"/> newest-first lists of <paramref name="articles"/>' length, each one article newer than the
    /// last: list k holds copies k + n - 1 down to k of the articles (cycled) under ids of their own, sharing their text.
    /// </summary>
    private static List<Article>[] SlidingWindows(List<Article> articles, int count)
    {
        var n = articles.Count;
        var newest = articles.Max(a => a.Published);
        var copies = new Article[count + n];
        for (var k = 0; k < copies.Length; k++)
        {
            var source = articles[k % n];
            var published = newest.AddMinutes(k + 1);
            copies[k] = source with { Id = source.Id + "-" + k.ToString(System.Globalization.CultureInfo.InvariantCulture), Published = published, Updated = published };
        }

        var windows = new List<Article>[count];
        for (var k = 0; k < count; k++)
        {
            var window = new List<Article>(n);
            for (var j = k + n - 1; j >= k; j--)
            {
                window.Add(copies[j]);
            }

            windows[k] = window;
        }

        return windows;
    }
}
