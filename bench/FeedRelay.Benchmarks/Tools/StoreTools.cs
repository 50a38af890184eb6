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
    /// <c>gen-store --data DIR --count 100000 [--ingest 1000]</c>: first ingests <c>--ingest</c> seed variants through
    /// IngestionService into a scratch file store (timed: the ingestion throughput), then fills the store at DIR with
    /// <c>--count</c> copies of the corpus articles under new links and one-minute-apart times, so that every store
    /// size serves the same mix of articles in its newest 50.
    /// </summary>
    public static async Task<int> GenerateStoreAsync(ToolArgs args)
    {
        var count = args.Int("count", 1000);
        var toIngest = args.Int("ingest", 1000);
        var scratch = Path.Combine(Path.GetTempPath(), "feedrelay-ingest-" + Guid.NewGuid().ToString("N"));
        var corpus = Corpus.Parsed();
        var rejected = 0;
        double ingestSeconds;
        List<Article> bases = [];
        try
        {
            var scratchOptions = new FileStoreOptions { DataPath = scratch };
            using var scratchStore = new FileArticleStore(scratchOptions, TimeProvider.System, NullLogger<FileArticleStore>.Instance);
            var ingestion = new IngestionService(new IngestionOptions(), new ArticleNormaliser(), scratchStore, new FileQuarantine(scratchOptions),
                TimeProvider.System, NullLogger<IngestionService>.Instance);
            var seeds = Enumerable.Range(0, toIngest)
                .Select(i => (Name: $"bench-{i}", Bytes: Encoding.UTF8.GetBytes(Corpus.Variant(corpus[i % corpus.Count].Text, corpus[i % corpus.Count].Seed, (i / corpus.Count) + 1))))
                .ToList();
            var clock = Stopwatch.StartNew();
            foreach (var (name, bytes) in seeds)
            {
                var outcome = await ingestion.IngestAsync(name, bytes);
                if (outcome.Status == IngestStatus.Rejected)
                {
                    rejected++;
                }
                else if (bases.Count < corpus.Count && await scratchStore.GetAsync(outcome.ArticleId!) is { } article)
                {
                    bases.Add(article);
                }
            }

            ingestSeconds = clock.Elapsed.TotalSeconds;
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }

        var storeOptions = new FileStoreOptions { DataPath = args.Require("data") };
        using var store = new FileArticleStore(storeOptions, TimeProvider.System, NullLogger<FileArticleStore>.Instance);
        var fill = Stopwatch.StartNew();
        foreach (var article in Corpus.Clone(bases.Count > 0 ? bases : Corpus.Articles(corpus.Count), count))
        {
            await store.UpsertAsync(article);
        }

        Console.WriteLine(JsonSerializer.Serialize(new
        {
            store = storeOptions.DataPath,
            articles = store.Index.Count,
            seedsIngested = toIngest,
            rejected,
            ingestSeconds,
            ingestArticlesPerSecond = toIngest / ingestSeconds,
            fillSeconds = fill.Elapsed.TotalSeconds,
        }));
        return rejected == 0 ? 0 : 1;
    }
}
