using System.Buffers;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace FeedRelay.Storage.Sqlite;

/// <summary>
/// Articles in <c>feedrelay.db</c>: metadata rows indexed for every feed query, content and translation in a side table read
/// only for the rows a feed renders, categories, a per-source summary and feed versions kept in the same write transaction,
/// and a full-text index of titles and summaries (original and English). Nothing grows in memory with the number of articles.
/// </summary>
public sealed class SqliteArticleStore : IArticleStore
{
    /// <summary>Ids read by one <see cref="GetManyAsync"/> query (a bulk import's batch is usually smaller).</summary>
    private const int GetManyChunk = 1024;

    private readonly SqliteDatabase _database;
    private readonly TimeProvider _clock;

    /// <summary>Uses <paramref name="database"/>; <paramref name="clock"/> stamps updates.</summary>
    public SqliteArticleStore(SqliteDatabase database, TimeProvider clock)
    {
        _database = database;
        _clock = clock;
    }

    /// <inheritdoc />
    public Task<UpsertOutcome> UpsertAsync(Article article, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(article.Id);
        var row = ArticleRow.Of(article);
        return _database.WriteAsync(session => ArticleWriter.Upsert(session, row, _clock.GetUtcNow()), cancellationToken);
    }

    /// <summary>Stores many articles in batched transactions; outcomes in the order given.</summary>
    public async Task<IReadOnlyList<UpsertOutcome>> UpsertManyAsync(IReadOnlyList<Article> articles, CancellationToken cancellationToken = default)
    {
        var rows = articles.Select(ArticleRow.Of).ToList();
        var outcomes = new List<UpsertOutcome>(rows.Count);
        foreach (var chunk in rows.Chunk(_database.Options.MaxBatch))
        {
            outcomes.AddRange(await _database.WriteAsync(session =>
            {
                var now = _clock.GetUtcNow();
                var touched = new HashSet<string>(StringComparer.Ordinal);
                var done = chunk.Select(row => ArticleWriter.Upsert(session, row, now, touched)).ToList();
                ArticleWriter.BumpVersions(session, touched, now);
                return done;
            }, cancellationToken).ConfigureAwait(false));
        }

        return outcomes;
    }

    /// <inheritdoc />
    public Task<bool> TryReplaceAsync(Article current, Article replacement, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(current.Id);
        if (replacement.Id != current.Id)
        {
            throw new ArgumentException("The replacement must have the id of the article it replaces.", nameof(replacement));
        }

        var expected = ArticleRow.Of(current).Hash;
        var row = ArticleRow.Of(replacement);
        return _database.WriteAsync(session => ArticleWriter.Replace(session, expected, row, _clock.GetUtcNow()), cancellationToken);
    }

    /// <inheritdoc />
    public Task<Article?> GetAsync(string id, CancellationToken cancellationToken = default) =>
        _database.ReadAsync(session => Read(session, id), cancellationToken: cancellationToken);

    /// <summary>
    /// Stores freshly ingested articles in batched transactions, each keeping its stored translation while the text is the
    /// same (<see cref="TranslationCarryOver"/>). The batch is read and its rows built outside the writer; inside the write
    /// transaction each stored hash is checked against the one read, and an article that changed meanwhile (a translation
    /// landed) is read and decided again there, so no translation is lost and the writer does no serialising in the common case.
    /// </summary>
    public async Task<IReadOnlyList<StoredOutcome>> UpsertIngestedManyAsync(IReadOnlyList<Article> articles, CancellationToken cancellationToken = default)
    {
        if (articles.Select(a => a.Id).Distinct(StringComparer.Ordinal).Count() != articles.Count)
        {
            throw new ArgumentException("Each article may be given once.", nameof(articles));
        }

        var existing = await ReadManyAsync(articles.Select(a => a.Id).ToList(), cancellationToken).ConfigureAwait(false);
        var planned = articles.Select((article, i) => ArticleRow.Of(TranslationCarryOver.Apply(existing[i]?.Article, article))).ToList();
        var results = new List<StoredOutcome>(articles.Count);
        foreach (var chunk in Enumerable.Range(0, articles.Count).Chunk(_database.Options.MaxBatch))
        {
            results.AddRange(await _database.WriteAsync(session =>
            {
                var now = _clock.GetUtcNow();
                var touched = new HashSet<string>(StringComparer.Ordinal);
                var done = chunk.Select(i =>
                {
                    if (ArticleWriter.UpsertIfStored(session, planned[i], existing[i]?.Hash, now, touched) is { } outcome)
                    {
                        return new StoredOutcome(outcome == UpsertOutcome.Unchanged ? existing[i]!.Article : planned[i].Article, outcome);
                    }

                    // Changed since it was read: decide again on what is stored now, inside this transaction.
                    var current = Read(session, articles[i].Id);
                    var row = ArticleRow.Of(TranslationCarryOver.Apply(current, articles[i]));
                    var again = ArticleWriter.Upsert(session, row, now, touched);
                    return new StoredOutcome(again == UpsertOutcome.Unchanged ? current! : row.Article, again);
                }).ToList();
                ArticleWriter.BumpVersions(session, touched, now);
                return done;
            }, cancellationToken).ConfigureAwait(false));
        }

        return results;
    }

    /// <summary>
    /// The articles with <paramref name="ids"/>, in the same order (null where there is none): one query per batch on a reader
    /// connection (the ids go in as one JSON array, read with <c>json_each</c>), instead of one round trip per id.
    /// </summary>
    public async Task<IReadOnlyList<Article?>> GetManyAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken = default) =>
        (await ReadManyAsync(ids, cancellationToken).ConfigureAwait(false)).Select(s => s?.Article).ToList();

    /// <summary><see cref="GetManyAsync"/> with each article's stored hash.</summary>
    private async Task<StoredArticle?[]> ReadManyAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var articles = new StoredArticle?[ids.Count];
        foreach (var chunk in Enumerable.Range(0, ids.Count).Chunk(GetManyChunk))
        {
            var json = JsonArray(chunk.Select(i => ids[i]));
            await _database.ReadAsync(session =>
            {
                // json_each's key is the position in the array; an id given twice is answered at both positions.
                var command = session.Command(
                    "SELECT j.key, c.content, c.translation, a.updated, a.updated_offset, a.hash FROM json_each($ids) j "
                    + "JOIN articles a ON a.id = j.value JOIN article_content c ON c.pk = a.pk");
                command.Parameters.AddWithValue("$ids", json);
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    articles[chunk[reader.GetInt32(0)]] = new StoredArticle(ReadArticle(reader, 1), (byte[])reader.GetValue(5));
                }

                return 0;
            }, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        return articles;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<Article>> QueryAsync(ArticleQuery query, CancellationToken cancellationToken = default)
    {
        if (query.Limit <= 0)
        {
            return Task.FromResult<IReadOnlyList<Article>>([]);
        }

        var plan = ArticleQueryPlan.For(query);
        if (plan is null)
        {
            return Task.FromResult<IReadOnlyList<Article>>([]);
        }

        return plan.IsSearch || plan.ChecksRows ? SlowQueryAsync(plan, cancellationToken) : ReadAsync(plan, null, cancellationToken);
    }

    /// <summary>
    /// A query that may read many rows, in one of the slots kept for them (<see cref="SqliteDatabase.SlowReadSlots"/>) and under the search's time
    /// cap; when every slot stays busy as long as that cap, a <see cref="TimeoutException"/> (the host answers 503, try later).
    /// </summary>
    private async Task<IReadOnlyList<Article>> SlowQueryAsync(ArticleQueryPlan plan, CancellationToken cancellationToken)
    {
        var cap = _database.Options.SearchTimeout;
        if (!await _database.SlowReadSlots.WaitAsync(cap, cancellationToken).ConfigureAwait(false))
        {
            throw new TimeoutException($"Every search slot stayed busy for {cap.TotalMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture)} ms; try again later.");
        }

        try
        {
            return await ReadAsync(plan, cap, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _database.SlowReadSlots.Release();
        }
    }

    private Task<IReadOnlyList<Article>> ReadAsync(ArticleQueryPlan plan, TimeSpan? timeout, CancellationToken cancellationToken) =>
        _database.ReadAsync<IReadOnlyList<Article>>(session =>
        {
            session.Execute("BEGIN;");
            try
            {
                var keys = new List<long>();
                var command = session.Command(plan.Sql);
                plan.Bind(command);
                using (var reader = command.ExecuteReader())
                {
                    while (reader.Read())
                    {
                        keys.Add(reader.GetInt64(0));
                    }
                }

                var articles = new List<Article>(keys.Count);
                var content = session.Command(
                    "SELECT c.content, c.translation, a.updated, a.updated_offset FROM articles a JOIN article_content c ON c.pk = a.pk WHERE a.pk = $pk");
                var pk = content.Parameters.Add("$pk", SqliteType.Integer);
                foreach (var key in keys)
                {
                    pk.Value = key;
                    using var reader = content.ExecuteReader();
                    if (reader.Read())
                    {
                        articles.Add(ReadArticle(reader));
                    }
                }

                return articles;
            }
            finally
            {
                session.EndTransaction();
            }
        }, timeout, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<SourceSummary>> ListSourcesAsync(CancellationToken cancellationToken = default) =>
        _database.ReadAsync<IReadOnlyList<SourceSummary>>(session =>
        {
            var sources = new List<SourceSummary>();
            using var reader = session.Command("SELECT slug, name, count, latest, latest_offset FROM sources WHERE count > 0 ORDER BY slug").ExecuteReader();
            while (reader.Read())
            {
                sources.Add(new SourceSummary(reader.GetString(0), reader.GetString(1), checked((int)reader.GetInt64(2)),
                    ArticleRow.ToOffset(reader.GetInt64(3), reader.GetInt32(4))));
            }

            return sources;
        }, cancellationToken: cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<SourceSummary>> GetSourcesAsync(IReadOnlyCollection<string> slugs, CancellationToken cancellationToken = default) =>
        slugs.Count == 0
            ? Task.FromResult<IReadOnlyList<SourceSummary>>([])
            : _database.ReadAsync<IReadOnlyList<SourceSummary>>(session =>
            {
                // One primary-key lookup per slug.
                var sources = new List<SourceSummary>(slugs.Count);
                using var command = session.Command(
                    "SELECT slug, name, count, latest, latest_offset FROM sources WHERE slug IN (SELECT value FROM json_each($slugs)) AND count > 0");
                command.Parameters.AddWithValue("$slugs", JsonSerializer.Serialize(slugs.Distinct(StringComparer.Ordinal)));
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    sources.Add(new SourceSummary(reader.GetString(0), reader.GetString(1), checked((int)reader.GetInt64(2)),
                        ArticleRow.ToOffset(reader.GetInt64(3), reader.GetInt32(4))));
                }

                return sources;
            }, cancellationToken: cancellationToken);

    /// <summary>Articles by translation level, kept incrementally in the same transactions as the articles; one small table read.</summary>
    public async Task<IReadOnlyDictionary<string, long>?> CountByTranslationLevelAsync(CancellationToken cancellationToken = default) =>
        await _database.ReadAsync<IReadOnlyDictionary<string, long>?>(session =>
        {
            var levels = new Dictionary<string, long>(StringComparer.Ordinal);
            using var reader = session.Command("SELECT level, count FROM translation_levels WHERE count > 0 ORDER BY level").ExecuteReader();
            while (reader.Read())
            {
                levels[reader.GetString(0)] = reader.GetInt64(1);
            }

            return levels;
        }, cancellationToken: cancellationToken).ConfigureAwait(false);

    /// <summary>Changes whenever an article of <paramref name="sourceSlug"/> (null: any article) is added or changed; one indexed row read.</summary>
    public async ValueTask<long> GetVersionAsync(string? sourceSlug, CancellationToken cancellationToken = default) =>
        await ReadVersionsRowAsync(ArticleWriter.VersionKey(sourceSlug), cancellationToken).ConfigureAwait(false) ?? 0L;

    /// <summary>When an article of <paramref name="sourceSlug"/> (null: any article) was last added or changed; one indexed row read.</summary>
    public async ValueTask<DateTimeOffset?> GetChangedAtAsync(string? sourceSlug, CancellationToken cancellationToken = default) =>
        await ReadVersionsRowAsync(ArticleWriter.ChangedKey(sourceSlug), cancellationToken).ConfigureAwait(false) is { } ticks
            ? new DateTimeOffset(ticks, TimeSpan.Zero)
            : null;

    private Task<long?> ReadVersionsRowAsync(string key, CancellationToken cancellationToken) =>
        _database.ReadAsync(session =>
        {
            var command = session.Command("SELECT value FROM versions WHERE key = $key");
            command.Parameters.AddWithValue("$key", key);
            return command.ExecuteScalar() is long value ? value : (long?)null;
        }, cancellationToken: cancellationToken);

    /// <summary>Number of stored articles (reads the count from the per-source summary, not the table).</summary>
    public Task<long> CountAsync(CancellationToken cancellationToken = default) =>
        _database.ReadAsync(session => (long)(session.Command("SELECT coalesce(sum(count), 0) FROM sources").ExecuteScalar() ?? 0L),
            cancellationToken: cancellationToken);

    /// <summary><paramref name="values"/> as one JSON array of strings.</summary>
    private static string JsonArray(IEnumerable<string> values)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var value in values)
            {
                writer.WriteStringValue(value);
            }

            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static Article? Read(SqliteSession session, string id)
    {
        var command = session.Command(
            "SELECT c.content, c.translation, a.updated, a.updated_offset FROM articles a JOIN article_content c ON c.pk = a.pk WHERE a.id = $id");
        command.Parameters.AddWithValue("$id", id);
        using var reader = command.ExecuteReader();
        return reader.Read() ? ReadArticle(reader) : null;
    }

    private static Article ReadArticle(SqliteDataReader reader, int first = 0)
    {
        var hasTranslation = !reader.IsDBNull(first + 1);
        return ArticleRow.Read(
            (byte[])reader.GetValue(first), hasTranslation ? (byte[])reader.GetValue(first + 1) : [], hasTranslation,
            reader.GetInt64(first + 2), reader.GetInt32(first + 3));
    }

    private sealed record StoredArticle(Article Article, byte[] Hash);
}
