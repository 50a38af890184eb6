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
    /// <c>render-loop --items items.json --format rss --iterations 2000 --warmup 200</c>: renders the items with
    /// FeedWriter.Write in a loop, timed with a monotonic clock around the loop only (same method as render-feed.mjs).
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

        var iterations = args.Int("iterations", 2000);
        var bytes = 0;
        for (var i = 0; i < args.Int("warmup", 200); i++)
        {
            bytes = FeedWriter.Write(format, BenchFeeds.All, articles).Length;
        }

        var clock = Stopwatch.StartNew();
        for (var i = 0; i < iterations; i++)
        {
            bytes = FeedWriter.Write(format, BenchFeeds.All, articles).Length;
        }

        clock.Stop();
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            renderer = "FeedRelay FeedWriter",
            format = format.ToString().ToLowerInvariant(),
            items = articles.Count,
            iterations,
            totalMs = clock.Elapsed.TotalMilliseconds,
            perRenderUs = clock.Elapsed.TotalMilliseconds * 1000 / iterations,
            bytes,
        }));
        return 0;
    }
}
