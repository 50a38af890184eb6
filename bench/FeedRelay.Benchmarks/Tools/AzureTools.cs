using System.Diagnostics;
using System.Text;
using System.Text.Json;
using FeedRelay.Benchmarks.Pipeline;
using FeedRelay.Ingestion;
using FeedRelay.Storage;
using FeedRelay.Storage.Azure;
using FeedRelay.Web;
using FeedRelay.Web.Feeds;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace FeedRelay.Benchmarks.Tools;

/// <summary>Synthetic articles and seed ingestion straight into an Azure Storage account (Azurite), for bench/scripts/azure-scale.sh.</summary>
public static class AzureTools
{
    /// <summary>
    /// <c>gen-azure --connection CS --count 100000 [--from 0] [--batch 200] [--writers 4]</c>: stores <c>--count</c> copies of the
    /// corpus articles (new link, id and a time one minute apart, as gen-store) through the Azure store's UpsertManyAsync,
    /// <c>--writers</c> batches at once, and prints the rate and the storage requests per article.
    /// </summary>
    public static async Task<int> GenerateAsync(ToolArgs args)
    {
        var clients = new AzureStorageClients(new AzureStorageOptions { ConnectionString = args.Require("connection") });
        using var store = new AzureArticleStore(clients, TimeProvider.System, NullLogger<AzureArticleStore>.Instance);
        var bases = Corpus.Articles(Corpus.Parsed().Count);
        var from = args.Int("from", 0);
        var count = args.Int("count", 10_000);
        var batch = args.Int("batch", 200);
        var clock = Stopwatch.StartNew();
        var created = 0;
        var starts = Enumerable.Range(0, (count + batch - 1) / batch).Select(b => from + (b * batch));
        await Parallel.ForEachAsync(starts, new ParallelOptions { MaxDegreeOfParallelism = args.Int("writers", 4) }, async (start, ct) =>
        {
            var articles = Clone(bases, start, Math.Min(batch, from + count - start));
            var outcomes = await store.UpsertManyAsync(articles, ct);
            var total = Interlocked.Add(ref created, outcomes.Count(o => o == UpsertOutcome.Created));
            if (total % 10_000 < batch)
            {
                await Console.Error.WriteLineAsync($"{total} articles, {clock.Elapsed.TotalSeconds:F0} s");
            }
        });
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            created,
            from,
            count,
            seconds = clock.Elapsed.TotalSeconds,
            articlesPerSecond = count / clock.Elapsed.TotalSeconds,
            requests = clients.Requests.Count,
            requestsPerArticle = clients.Requests.Count / (double)count,
        }));
        return 0;
    }

    /// <summary>
    /// <c>ingest-azure --connection CS --count 2000 [--parallel 16] [--batch 0]</c>: ingests <c>--count</c> seed variants (distinct
    /// articles) through IngestionService into the Azure store and quarantine, <c>--parallel</c> seeds at once, one store write per
    /// seed as the Functions trigger does; with <c>--batch N</c>, as the import command does: every seed prepared (parsed) on all
    /// cores first, then IngestBatchAsync of N seeds, <c>--parallel</c> batches at once. Prints seeds per second (with and without
    /// the prepare time) and storage requests per seed.
    /// </summary>
    public static async Task<int> IngestAsync(ToolArgs args)
    {
        var clients = new AzureStorageClients(new AzureStorageOptions { ConnectionString = args.Require("connection") });
        using var store = new AzureArticleStore(clients, TimeProvider.System, NullLogger<AzureArticleStore>.Instance);
        var ingestion = new IngestionService(new IngestionOptions(), new ArticleNormaliser(), store, new AzureQuarantine(clients),
            TimeProvider.System, NullLogger<IngestionService>.Instance);
        var corpus = Corpus.Parsed();
        var from = args.Int("from", 1_000_000);
        var count = args.Int("count", 2000);
        var seeds = Enumerable.Range(from, count)
            .Select(i => (Name: $"bench-{i}", Bytes: Encoding.UTF8.GetBytes(Corpus.Variant(corpus[i % corpus.Count].Text, corpus[i % corpus.Count].Seed, (i / corpus.Count) + 1))))
            .ToList();
        // Warm up (connections, container and table creation) outside the timing.
        await ingestion.IngestAsync("warmup", seeds[0].Bytes);
        var before = clients.Requests.Count;
        var rejected = 0;
        var batch = args.Int("batch", 0);
        var prepareSeconds = 0.0;
        var clock = Stopwatch.StartNew();
        if (batch > 0)
        {
            // As the import command stores: prepared seeds, IngestBatchAsync of --batch seeds, --parallel batches at once.
            var prepared = seeds.Skip(1).AsParallel().AsOrdered()
                .Select(s => new BatchSeed(s.Name, s.Bytes, ingestion.Prepare(s.Bytes), WasRejected: false)).ToList();
            prepareSeconds = clock.Elapsed.TotalSeconds;
            await Parallel.ForEachAsync(prepared.Chunk(batch), new ParallelOptions { MaxDegreeOfParallelism = args.Int("parallel", 4) }, async (chunk, ct) =>
                Interlocked.Add(ref rejected, (await ingestion.IngestBatchAsync(chunk, ct)).Count(o => o.Status == IngestStatus.Rejected)));
        }
        else
        {
            await Parallel.ForEachAsync(seeds.Skip(1), new ParallelOptions { MaxDegreeOfParallelism = args.Int("parallel", 16) }, async (seed, ct) =>
            {
                if ((await ingestion.IngestAsync(seed.Name, seed.Bytes, ct)).Status == IngestStatus.Rejected)
                {
                    Interlocked.Increment(ref rejected);
                }
            });
        }

        var seconds = clock.Elapsed.TotalSeconds;
        var requests = clients.Requests.Count - before;
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            seeds = count - 1,
            batch,
            rejected,
            seconds,
            seedsPerSecond = (count - 1) / seconds,
            prepareSeconds,
            storeSeedsPerSecond = (count - 1) / (seconds - prepareSeconds),
            requestsPerSeed = requests / (double)(count - 1),
        }));
        return rejected == 0 ? 0 : 1;
    }

    /// <summary>
    /// <c>put-floor-azure --connection CS [--count 3000] [--bytes 9000] [--parallel 128]</c>: the storage account's own ceiling for
    /// what ingestion does most, without FeedRelay: <c>--count</c> conditional (<c>If-None-Match: *</c>) uploads of new blobs of
    /// <c>--bytes</c> bytes, <c>--parallel</c> at once, into a fresh container; prints uploads per second.
    /// </summary>
    public static async Task<int> PutFloorAsync(ToolArgs args)
    {
        var clients = new AzureStorageClients(new AzureStorageOptions { ConnectionString = args.Require("connection") });
        var container = clients.Blobs.GetBlobContainerClient("floor-" + Guid.NewGuid().ToString("N")[..12]);
        await container.CreateIfNotExistsAsync();
        var body = BinaryData.FromBytes(Encoding.UTF8.GetBytes(new string('x', args.Int("bytes", 9000))));
        var count = args.Int("count", 3000);
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = args.Int("parallel", 128) }, async (i, ct) =>
        {
            try
            {
                await container.GetBlobClient($"{i}.json").UploadAsync(body, new Azure.Storage.Blobs.Models.BlobUploadOptions
                {
                    Conditions = new Azure.Storage.Blobs.Models.BlobRequestConditions { IfNoneMatch = Azure.ETag.All },
                }, ct);
            }
            catch (Azure.RequestFailedException ex) when (ex.Status == 409)
            {
                // A client retry (after a timeout) of an upload that had in fact succeeded.
            }
        });
        var seconds = clock.Elapsed.TotalSeconds;
        await container.DeleteIfExistsAsync();
        Console.WriteLine(JsonSerializer.Serialize(new { uploads = count, seconds, uploadsPerSecond = count / seconds }));
        return 0;
    }

    /// <summary>
    /// <c>query-azure --connection CS [--limit 50] [--runs 5]</c>: for a fresh store instance (new clients) each run, times and
    /// counts the requests of ListSourcesAsync, then QueryAsync of the newest <c>--limit</c> (rows plus blob reads in parallel),
    /// the same query again (blobs from the cache: one table read), and the table part alone (a query of one source limited to 1).
    /// </summary>
    public static async Task<int> QueryAsync(ToolArgs args)
    {
        var limit = args.Int("limit", 50);
        var rows = new List<object>();
        for (var run = 0; run < args.Int("runs", 5); run++)
        {
            var clients = new AzureStorageClients(new AzureStorageOptions { ConnectionString = args.Require("connection") });
            using var store = new AzureArticleStore(clients, TimeProvider.System, NullLogger<AzureArticleStore>.Instance);
            var clock = Stopwatch.StartNew();
            var sources = await store.ListSourcesAsync();
            var (sourcesMs, sourcesRequests) = (clock.Elapsed.TotalMilliseconds, clients.Requests.Count);
            clock.Restart();
            var cold = await store.QueryAsync(new ArticleQuery(Limit: limit));
            var (coldMs, coldRequests) = (clock.Elapsed.TotalMilliseconds, clients.Requests.Count - sourcesRequests);
            clock.Restart();
            await store.QueryAsync(new ArticleQuery(Limit: limit));
            var (warmMs, warmRequests) = (clock.Elapsed.TotalMilliseconds, clients.Requests.Count - sourcesRequests - coldRequests);
            rows.Add(new { sources = sources.Count, sourcesMs, sourcesRequests, items = cold.Count, coldMs, coldRequests, warmMs, warmRequests });
        }

        Console.WriteLine(JsonSerializer.Serialize(new { limit, runs = rows }));
        return 0;
    }

    /// <summary>
    /// <c>materialise-azure --connection CS --base-url URL</c>: what the rebuild trigger does after a burst of changes, for storage
    /// written straight by <c>gen-azure</c>: rebuilds the materialised documents of <c>all</c> and of every source (FeedMaterialiser,
    /// the app's own DI container), and prints the documents written, the time and the storage requests.
    /// </summary>
    public static async Task<int> MaterialiseAsync(ToolArgs args)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = Environments.Production });
        var data = Directory.CreateTempSubdirectory("feedrelay-materialise-");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["FeedRelay:Storage:Kind"] = "Azure",
            ["FeedRelay:Storage:ConnectionString"] = args.Require("connection"),
            ["FeedRelay:PublicBaseUrl"] = args.Require("base-url"),
            ["FeedRelay:SeedsPath"] = "",
            ["FeedRelay:DataPath"] = data.FullName,
            ["Logging:LogLevel:Default"] = "Warning",
        });
        builder.AddFeedRelay(FeedRelayHosting.Command);
        using var host = builder.Build();
        var materialiser = host.Services.GetRequiredService<FeedMaterialiser>();
        var clients = host.Services.GetRequiredService<AzureStorageClients>();
        var store = host.Services.GetRequiredService<IArticleStore>();
        var clock = Stopwatch.StartNew();
        var feeds = (await store.ListSourcesAsync()).Select(s => s.Slug).Prepend(FeedEndpoints.AllSources).ToList();
        var written = 0;
        foreach (var feed in feeds)
        {
            written += await materialiser.RebuildAsync(feed, CancellationToken.None);
        }

        Console.WriteLine(JsonSerializer.Serialize(new
        {
            feeds = feeds.Count,
            documentsWritten = written,
            seconds = clock.Elapsed.TotalSeconds,
            requests = clients.Requests.Count,
            requestsPerFeed = clients.Requests.Count / (double)feeds.Count,
        }));
        data.Delete(recursive: true);
        return 0;
    }

    /// <summary>Copies <paramref name="count"/> of <paramref name="bases"/> from copy number <paramref name="from"/> on, as <see cref="Corpus.Clone"/> numbers them.</summary>
    private static List<Article> Clone(IReadOnlyList<Article> bases, int from, int count)
    {
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var articles = new List<Article>(count);
        for (var i = from; i < from + count; i++)
        {
            var a = bases[i % bases.Count];
            var link = new Uri((a.Link?.GetLeftPart(UriPartial.Path) ?? "https://example.org/" + a.SourceSlug).TrimEnd('/') + "-c" + i);
            var published = start.AddMinutes(-i);
            articles.Add(a with { Id = ArticleIdentity.FromLink(link), Link = link, Published = published, Updated = published });
        }

        return articles;
    }
}
