using System.Security.Cryptography;
using System.Text;
using FeedRelay.Storage;
using FeedRelay.Storage.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace FeedRelay.Tests.Storage;

public sealed class FileStoreMigrationTests
{
    private static readonly DateOnly Today = new(2026, 11, 22);

    [Fact]
    public async Task Opening_sqlite_over_a_file_store_folder_imports_everything_once_and_leaves_the_files_untouched()
    {
        using var storage = new SqliteTestStorage();
        var files = new FileStoreOptions { DataPath = storage.DataPath };
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 22, 9, 0, 0, TimeSpan.Zero));
        var translated = StoreContractTests.Sample("a2", "dw", 1) with
        {
            Translation = new ArticleTranslation { Language = "en", Title = "NATO summit", Summary = "Allies meet", SourceHash = "h1" },
        };
        using (var articles = new FileArticleStore(files, clock, NullLogger<FileArticleStore>.Instance))
        {
            await articles.UpsertAsync(StoreContractTests.Sample("a1", "bbc", 0));
            await articles.UpsertAsync(translated);
        }

        var hexKey = new string('f', 64);
        await new FileTranslationCache(files).SetManyAsync(new Dictionary<string, string> { [hexKey] = "Central bank cuts rates", ["plain key"] = "Hello" });
        using (var usage = new FileTranslationUsage(files))
        {
            await usage.AddAsync(Today, 1200);
            await usage.AddAsync(Today.AddDays(-1), 34);
        }

        using (var queue = new FileTranslationQueue(files, clock))
        {
            await queue.EnqueueAsync(new TranslationRequest("a1"));
            await queue.ParkAsync((await queue.NextDueAsync())!, "Translator returned 503", clock.GetUtcNow().AddHours(2));
        }

        var bytes = Encoding.UTF8.GetBytes("not a seed");
        var rejection = new Rejection("bad/one.txt", "parse", "seed.unknown-format", "no front matter", clock.GetUtcNow(), bytes.Length, new string('a', 64));
        await new FileQuarantine(files).AddAsync(rejection, bytes);
        var before = Snapshot(storage.DataPath);

        var database = storage.Open();

        Assert.NotNull(database.Imported);
        var store = new SqliteArticleStore(database, clock);
        Assert.Equal(["a2", "a1"], (await store.QueryAsync(new ArticleQuery())).Select(a => a.Id));
        Assert.Equal(StoreJson.ContentOf(translated), StoreJson.ContentOf((await store.GetAsync("a2"))!));
        Assert.Equal(translated.Updated, (await store.GetAsync("a2"))!.Updated);
        Assert.Equal(["a2"], (await store.QueryAsync(new ArticleQuery { Keyword = "summit" })).Select(a => a.Id));
        Assert.Equal(2, (await store.ListSourcesAsync()).Count);
        var cache = await new SqliteTranslationCache(database).GetManyAsync([hexKey, "plain key", "absent"]);
        Assert.Equal(new Dictionary<string, string> { [hexKey] = "Central bank cuts rates", ["plain key"] = "Hello" }, cache);
        var sqliteUsage = new SqliteTranslationUsage(database);
        Assert.Equal((1200L, 34L), (await sqliteUsage.GetAsync(Today), await sqliteUsage.GetAsync(Today.AddDays(-1))));
        var parked = Assert.Single(await new SqliteTranslationQueue(database, clock).ListAsync(10));
        Assert.Equal(("a1", 1, "Translator returned 503"), (parked.ArticleId, parked.Attempt, parked.Reason));
        var quarantine = new SqliteQuarantine(database);
        Assert.Equal([rejection], await quarantine.ListAsync());
        Assert.Equal(bytes, await quarantine.GetContentAsync(rejection.Sha256));
        Assert.Equal(before, Snapshot(storage.DataPath));

        // A restart does not import again: an article the file store gained since stays out, nothing is doubled.
        storage.Close(database);
        using (var articles = new FileArticleStore(files, clock, NullLogger<FileArticleStore>.Instance))
        {
            await articles.UpsertAsync(StoreContractTests.Sample("late", "bbc", 5));
        }

        using (var usage = new FileTranslationUsage(files))
        {
            await usage.AddAsync(Today, 1);
        }

        var reopened = storage.Open();
        Assert.Null(reopened.Imported);
        Assert.Equal(["a2", "a1"], (await new SqliteArticleStore(reopened, clock).QueryAsync(new ArticleQuery())).Select(a => a.Id));
        Assert.Equal(1200L, await new SqliteTranslationUsage(reopened).GetAsync(Today));
    }

    [Fact]
    public void A_fresh_data_folder_imports_nothing_and_records_that()
    {
        using var storage = new SqliteTestStorage();

        var first = storage.Open();
        Assert.Equal(0, first.Imported!.Total);
        storage.Close(first);

        Assert.Null(storage.Open().Imported);
    }

    [Fact]
    public async Task Unreadable_file_store_files_are_skipped_not_fatal()
    {
        using var storage = new SqliteTestStorage();
        Directory.CreateDirectory(Path.Combine(storage.DataPath, "articles"));
        await File.WriteAllTextAsync(Path.Combine(storage.DataPath, "articles", "broken.json"), "{ not json");
        using (var articles = new FileArticleStore(new FileStoreOptions { DataPath = storage.DataPath }, TimeProvider.System, NullLogger<FileArticleStore>.Instance))
        {
            await articles.UpsertAsync(StoreContractTests.Sample("ok", "bbc", 0));
        }

        var database = storage.Open();

        Assert.Equal((1, 1), (database.Imported!.Articles, database.Imported.Skipped));
        Assert.NotNull(await new SqliteArticleStore(database, TimeProvider.System).GetAsync("ok"));
    }

    private static SortedDictionary<string, string> Snapshot(string folder) => new(
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(f => !Path.GetFileName(f).StartsWith(SqliteStorageOptions.FileName, StringComparison.Ordinal))
            .ToDictionary(f => Path.GetRelativePath(folder, f), f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))) + File.GetLastWriteTimeUtc(f).Ticks),
        StringComparer.Ordinal);
}
