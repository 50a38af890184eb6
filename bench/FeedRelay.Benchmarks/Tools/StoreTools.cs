using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using FeedRelay.Benchmarks.Pipeline;
using FeedRelay.Ingestion;
using FeedRelay.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace FeedRelay.Benchmarks.Tools;

/// <summary>Synthetic seed folders and stores made from the corpus, for the scale benchmark and the reliability suite.</summary>
public static class StoreTools
{
    /// <summary>
    /// <c>gen-seeds --count 1000 --out DIR [--from 0]</c>: writes distinct seed files (variants of the corpus seeds,
    /// one new article each), each written under a dot-name and renamed so a watcher never sees half a file.
    /// </summary>
    public static async Task<int> GenerateSeedsAsync(ToolArgs args)
    {
        var corpus = Corpus.Parsed();
        var folder = Directory.CreateDirectory(args.Require("out")).FullName;
        var from = args.Int("from", 0);
        var count = args.Int("count", 1000);
        for (var i = from; i < from + count; i++)
        {
            var (name, text, seed) = corpus[i % corpus.Count];
            var file = Path.Combine(folder, $"bench-{i.ToString("D6", CultureInfo.InvariantCulture)}{Path.GetExtension(name)}");
            var temporary = Path.Combine(folder, "." + Path.GetFileName(file) + ".part");
            await File.WriteAllTextAsync(temporary, Corpus.Variant(text, seed, (i / corpus.Count) + 1), new UTF8Encoding(false));
            File.Move(temporary, file, overwrite: true);
        }

        Console.WriteLine(JsonSerializer.Serialize(new { seeds = count, from, corpus = corpus.Count, folder }));
        return 0;
    }

    /// <summary>
    /// <c>gen-store --data DIR --count 100000 [--ingest 1000]</c>: ingests <c>--ingest</c> seed variants through
    /// IngestionService into the embedded file store at DIR (timed: the ingestion throughput), then fills the store
    /// up to <c>--count</c> articles with copies of those articles under new links.
    /// </summary>
    public static async Task<int> GenerateStoreAsync(ToolArgs args)
    {
        var count = args.Int("count", 1000);
        var toIngest = Math.Min(count, args.Int("ingest", 1000));
        var storeOptions = new FileStoreOptions { DataPath = args.Require("data") };
        using var store = new FileArticleStore(storeOptions, TimeProvider.System, NullLogger<FileArticleStore>.Instance);
        var ingestion = new IngestionService(new IngestionOptions(), new ArticleNormaliser(), store, new FileQuarantine(storeOptions),
            TimeProvider.System, NullLogger<IngestionService>.Instance);

        var corpus = Corpus.Parsed();
        var seeds = Enumerable.Range(0, toIngest)
            .Select(i => (Name: $"bench-{i}", Bytes: Encoding.UTF8.GetBytes(Corpus.Variant(corpus[i % corpus.Count].Text, corpus[i % corpus.Count].Seed, (i / corpus.Count) + 1))))
            .ToList();
        var ingested = new List<Article>(toIngest);
        var rejected = 0;
        var clock = Stopwatch.StartNew();
        foreach (var (name, bytes) in seeds)
        {
            var outcome = await ingestion.IngestAsync(name, bytes);
            if (outcome.Status == IngestStatus.Rejected)
            {
                rejected++;
            }
            else if (await store.GetAsync(outcome.ArticleId!) is { } article)
            {
                ingested.Add(article);
            }
        }

        var ingestSeconds = clock.Elapsed.TotalSeconds;
        clock.Restart();
        var copies = count - ingested.Count;
        if (copies > 0 && ingested.Count > 0)
        {
            foreach (var article in Corpus.Clone(ingested, copies))
            {
                await store.UpsertAsync(article);
            }
        }

        Console.WriteLine(JsonSerializer.Serialize(new
        {
            store = storeOptions.DataPath,
            articles = store.Index.Count,
            seedsIngested = toIngest,
            rejected,
            ingestSeconds,
            ingestArticlesPerSecond = toIngest / ingestSeconds,
            copies = Math.Max(0, copies),
            copySeconds = clock.Elapsed.TotalSeconds,
        }));
        return rejected == 0 ? 0 : 1;
    }
}
