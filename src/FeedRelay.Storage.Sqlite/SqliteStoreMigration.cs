using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace FeedRelay.Storage.Sqlite;

/// <summary>
/// The upgrade from the file store: on the first open of <c>feedrelay.db</c> over a data folder the file store wrote, imports its
/// articles (<c>articles/*.json</c>), translation cache (<c>translation/cache/**.txt</c>), usage (<c>translation/usage.json</c>),
/// queue (<c>translation/queue/*.json</c>) and quarantine (<c>quarantine/{sha256}.json</c> + <c>.seed</c>) in batched transactions,
/// then records in <c>meta</c> that it did, so it never runs twice. The old files are only read, never changed.
/// An import cut short is simply run again on the next open (every step is idempotent).
/// </summary>
internal static partial class SqliteStoreMigration
{
    /// <summary>The <c>meta</c> key recording the import.</summary>
    public const string MetaKey = "file-store-import";

    private const int Batch = 500;

    /// <summary>Imports the file store under <paramref name="dataPath"/> unless already done; null when it had been done before.</summary>
    public static MigrationReport? Run(SqliteSession session, string dataPath, ILogger logger)
    {
        var done = session.Command("SELECT value FROM meta WHERE key = $key");
        done.Parameters.AddWithValue("$key", MetaKey);
        if (done.ExecuteScalar() is not null)
        {
            return null;
        }

        var report = new MigrationReport();
        Import(session, Files(Path.Combine(dataPath, "articles"), "*.json"), file =>
        {
            var article = JsonSerializer.Deserialize<Article>(File.ReadAllBytes(file), StoreJson.Options) ?? throw new JsonException("null article");
            ArticleWriter.Upsert(session, ArticleRow.Of(article), article.Updated);
            report.Articles++;
        }, logger, report);

        Import(session, Files(Path.Combine(dataPath, "translation", "cache"), "*.txt", recursive: true), file =>
        {
            SqliteTranslationCache.Insert(session, [(Path.GetFileNameWithoutExtension(file), File.ReadAllText(file, Encoding.UTF8))]);
            report.CacheEntries++;
        }, logger, report);

        var usage = Path.Combine(dataPath, "translation", "usage.json");
        Import(session, File.Exists(usage) ? [usage] : [], file =>
        {
            foreach (var (day, characters) in JsonSerializer.Deserialize<Dictionary<DateOnly, long>>(File.ReadAllBytes(file), StoreJson.Options) ?? [])
            {
                SqliteTranslationUsage.Add(session, day, characters, keepLarger: true);
                report.UsageDays++;
            }
        }, logger, report);

        Import(session, Files(Path.Combine(dataPath, "translation", "queue"), "*.json"), file =>
        {
            var item = JsonSerializer.Deserialize<QueuedTranslation>(File.ReadAllBytes(file), StoreJson.Options) ?? throw new JsonException("null queue item");
            SqliteTranslationQueue.Write(session, item);
            report.QueueItems++;
        }, logger, report);

        Import(session, Files(Path.Combine(dataPath, "quarantine"), "*.json"), file =>
        {
            var rejection = JsonSerializer.Deserialize<Rejection>(File.ReadAllBytes(file), StoreJson.Options) ?? throw new JsonException("null rejection");
            var seed = Path.ChangeExtension(file, ".seed");
            SqliteQuarantine.Insert(session, rejection, File.Exists(seed) ? File.ReadAllBytes(seed) : []);
            report.Rejections++;
        }, logger, report);

        session.Execute("BEGIN IMMEDIATE;");
        var record = session.Command("INSERT INTO meta(key, value) VALUES($key, $value)");
        record.Parameters.AddWithValue("$key", MetaKey);
        record.Parameters.AddWithValue("$value", JsonSerializer.Serialize(report, ArticleRow.Json));
        record.ExecuteNonQuery();
        session.Execute("COMMIT;");
        if (report.Total > 0)
        {
            LogImported(logger, report.Articles, report.CacheEntries, report.UsageDays, report.QueueItems, report.Rejections, report.Skipped, dataPath);
        }

        return report;
    }

    private static IEnumerable<string> Files(string folder, string pattern, bool recursive = false) =>
        Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder, pattern, recursive ? SearchOption.AllDirectories : SearchOption.TopDirectoryOnly)
            : [];

    /// <summary>Runs <paramref name="import"/> on each file, <see cref="Batch"/> files per transaction; unreadable files are logged and skipped.</summary>
    private static void Import(SqliteSession session, IEnumerable<string> files, Action<string> import, ILogger logger, MigrationReport report)
    {
        var inBatch = 0;
        foreach (var file in files)
        {
            if (inBatch == 0)
            {
                session.Execute("BEGIN IMMEDIATE;");
            }

            try
            {
                import(file);
            }
            catch (Exception ex) when (ex is JsonException or IOException or NotSupportedException or UnauthorizedAccessException)
            {
                report.Skipped++;
                LogSkipped(logger, ex, file);
            }

            if (++inBatch == Batch)
            {
                session.Execute("COMMIT;");
                inBatch = 0;
            }
        }

        if (inBatch > 0)
        {
            session.Execute("COMMIT;");
        }
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Imported the file store into SQLite: {Articles} articles, {CacheEntries} cached translations, {UsageDays} usage days, {QueueItems} queued translations, {Rejections} rejections ({Skipped} unreadable files skipped) from {DataPath}; the old files are left as they were")]
    private static partial void LogImported(ILogger logger, int articles, int cacheEntries, int usageDays, int queueItems, int rejections, int skipped, string dataPath);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Skipping unreadable file-store file {File}")]
    private static partial void LogSkipped(ILogger logger, Exception exception, string file);
}
