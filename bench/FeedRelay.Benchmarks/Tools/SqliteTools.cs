using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using FeedRelay.Benchmarks.Pipeline;
using FeedRelay.Ingestion;
using FeedRelay.Storage.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace FeedRelay.Benchmarks.Tools;

/// <summary>Synthetic SQLite stores and the bulk-import floor, for bench/scripts/sqlite-scale.sh and sqlite-import.sh.</summary>
public static class SqliteTools
{
    private static readonly string[] Languages = ["zh-CN", "en", "ja", "de", "fr", "zh-TW"];

    /// <summary>
    /// <c>gen-sqlite --data DIR --count 1000000 [--sources 40] [--batch 20000] [--max-seconds S]</c>: writes <c>--count</c> synthetic articles
    /// made from the corpus (new link and id each, times spread 3 minutes apart back from 2026-01-01, i.e. ~5.7 years per
    /// million, <c>--sources</c> sources, six languages, a per-copy category) into <c>DIR/feedrelay.db</c> through
    /// <see cref="SqliteArticleStore.UpsertManyAsync"/> in batches (stopping after the batch that passes --max-seconds, if
    /// given); prints the time and the database size per 1,000 articles.
    /// </summary>
    public static async Task<int> GenerateSqliteAsync(ToolArgs args)
    {
        var count = args.Int("count", 1000);
        var sources = args.Int("sources", 40);
        var batch = args.Int("batch", 20_000);
        var maxSeconds = args.Int("max-seconds", 0);
        var data = args.Require("data");
        var normaliser = new ArticleNormaliser();
        var bases = Corpus.Parsed().Select(p => normaliser.Normalise(p.Seed)).ToList();
        var options = new SqliteStorageOptions { DataPath = data, MaxBatch = 5_000 };
        var clock = Stopwatch.StartNew();
        long written = 0;
        using (var database = new SqliteDatabase(options, NullLogger<SqliteDatabase>.Instance))
        {
            var store = new SqliteArticleStore(database, TimeProvider.System);
            var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
            var lastReport = TimeSpan.Zero;
            for (var from = 0; from < count; from += batch)
            {
                if (maxSeconds > 0 && clock.Elapsed.TotalSeconds > maxSeconds)
                {
                    await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"gen-sqlite: stopped at {written:N0} articles (--max-seconds {maxSeconds})"));
                    break;
                }

                var articles = new List<Article>(Math.Min(batch, count - from));
                for (var i = from; i < Math.Min(count, from + batch); i++)
                {
                    articles.Add(Synthetic(bases[i % bases.Count], bases[((i * 7) + (i / bases.Count)) % bases.Count], i, sources, start));
                }

                await store.UpsertManyAsync(articles);
                written += articles.Count;
                if (clock.Elapsed - lastReport > TimeSpan.FromSeconds(15))
                {
                    lastReport = clock.Elapsed;
                    await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                        $"gen-sqlite: {written:N0}/{count:N0} in {clock.Elapsed.TotalSeconds:F0} s ({written / clock.Elapsed.TotalSeconds:F0}/s)"));
                }
            }

            var stored = await store.CountAsync();
            var seconds = clock.Elapsed.TotalSeconds;
            database.Dispose();
            var bytes = Directory.EnumerateFiles(data, SqliteStorageOptions.FileName + "*").Sum(f => new FileInfo(f).Length);
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                data,
                articles = stored,
                seconds,
                articlesPerSecond = written / seconds,
                dbBytes = bytes,
                kibPer1000 = bytes / 1024.0 / (stored / 1000.0),
            }));
            return stored == written ? 0 : 1;
        }
    }

    /// <summary>
    /// Copy <paramref name="i"/> of <paramref name="a"/>: new link and id, spread time, source, language and category, and a
    /// title joined with <paramref name="other"/>'s, so that copies of one base are not folded into one story by the merged
    /// feeds' clustering (same title within 48 h).
    /// </summary>
    private static Article Synthetic(Article a, Article other, int i, int sources, DateTimeOffset start)
    {
        var s = (i / 7) % sources;
        var inv = CultureInfo.InvariantCulture;
        var link = new Uri(string.Create(inv, $"https://s{s}.example.org/{a.SourceSlug}/{i}"));
        var published = start.AddMinutes(-3.0 * i);
        return a with
        {
            Id = ArticleIdentity.FromLink(link),
            Link = link,
            Title = a.Title + " / " + other.Title,
            Source = string.Create(inv, $"{a.Source} {s}"),
            SourceSlug = string.Create(inv, $"{a.SourceSlug}-{s}"),
            Language = Languages[i % Languages.Length],
            Categories = [.. a.Categories.Take(3), string.Create(inv, $"topic-{i % 50}")],
            Published = published,
            Updated = published,
        };
    }

    /// <summary>
    /// <c>parse-floor --seeds DIR</c>: the bulk-import floor: reads every file of DIR and parses its whole text once with
    /// AngleSharp's HtmlParser on all cores (Parallel.ForEach); prints files, seconds and files/s.
    /// </summary>
    public static Task<int> ParseFloorAsync(ToolArgs args)
    {
        var files = Directory.EnumerateFiles(args.Require("seeds"), "*", SearchOption.AllDirectories)
            .Where(f => !Path.GetFileName(f).StartsWith('.')).ToList();
        var clock = Stopwatch.StartNew();
        long nodes = 0;
        Parallel.ForEach(files, file =>
        {
            var text = File.ReadAllText(file);
            var document = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(text);
            Interlocked.Add(ref nodes, document.All.Length);
        });
        var seconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine(JsonSerializer.Serialize(new { files = files.Count, seconds, filesPerSecond = files.Count / seconds, elements = nodes }));
        return Task.FromResult(0);
    }
}
