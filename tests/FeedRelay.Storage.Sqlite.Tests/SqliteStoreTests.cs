using FeedRelay.Storage;
using FeedRelay.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FeedRelay.Tests.Storage;

/// <summary>What the SQLite store does beyond the shared contract: plans by index, versions, batching, limits, registration.</summary>
public sealed class SqliteStoreTests : IDisposable
{
    private readonly SqliteTestStorage _storage = new();

    public void Dispose() => _storage.Dispose();

    [Fact]
    public async Task A_batch_that_cannot_begin_fails_every_write_in_it_and_the_writer_goes_on()
    {
        var database = _storage.Open(new SqliteStorageOptions { BusyTimeout = TimeSpan.FromMilliseconds(50) });
        var store = new SqliteArticleStore(database, TimeProvider.System);
        await store.UpsertAsync(StoreContractTests.Sample("a1", "bbc", 0)); // creates the schema

        // Another process holds the write lock past the busy timeout: BEGIN IMMEDIATE fails for the whole batch.
        using (var other = new SqliteConnection($"Data Source={database.Path}"))
        {
            other.Open();
            using (var begin = other.CreateCommand())
            {
                begin.CommandText = "BEGIN IMMEDIATE;";
                begin.ExecuteNonQuery();
            }

            var blocked = store.UpsertAsync(StoreContractTests.Sample("a2", "bbc", 1));
            await Assert.ThrowsAsync<SqliteException>(() => blocked.WaitAsync(TimeSpan.FromMinutes(1)));
        }

        SqliteConnection.ClearAllPools();
        Assert.Equal(UpsertOutcome.Created, await store.UpsertAsync(StoreContractTests.Sample("a3", "bbc", 2)).WaitAsync(TimeSpan.FromMinutes(1)));
    }

    public static TheoryData<string> PlanNames() => ["all", "source", "sources", "category", "language", "since", "before", "combined"];

    [Theory]
    [MemberData(nameof(PlanNames))]
    public async Task Every_feed_query_walks_an_index_in_feed_order_and_never_scans_or_sorts_the_table(string name)
    {
        var database = _storage.Open();
        var store = new SqliteArticleStore(database, TimeProvider.System);
        await store.UpsertAsync(StoreContractTests.Sample("a1", "bbc", 0));
        var query = name switch
        {
            "source" => new ArticleQuery("bbc"),
            "sources" => new ArticleQuery { Sources = ["bbc", "dw"] },
            "category" => new ArticleQuery { Category = "World", Language = "zh" },
            "language" => new ArticleQuery { Language = "zh-Hant" },
            "since" => new ArticleQuery { Since = DateTimeOffset.UnixEpoch },
            "before" => new ArticleQuery("bbc") { Before = new FeedCursor(DateTimeOffset.UnixEpoch.UtcTicks, "x") },
            "combined" => new ArticleQuery("bbc") { Language = "zh", Category = "news", Since = DateTimeOffset.UnixEpoch },
            _ => new ArticleQuery(),
        };

        var plan = await ExplainAsync(database, query);

        Assert.DoesNotContain(plan, line => line.StartsWith("SCAN a", StringComparison.Ordinal) && !line.Contains("USING", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, line => line.StartsWith("SCAN articles", StringComparison.Ordinal) && !line.Contains("USING", StringComparison.Ordinal));
        if (name != "sources")
        {
            // Merging the per-source walks sorts at most sources × limit rows; nothing else sorts.
            Assert.DoesNotContain(plan, line => line.Contains("TEMP B-TREE", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task A_keyword_query_is_answered_from_the_full_text_index()
    {
        var database = _storage.Open();

        var plan = await ExplainAsync(database, new ArticleQuery { Keyword = "北约" });

        Assert.Contains(plan, line => line.Contains("articles_fts VIRTUAL TABLE", StringComparison.Ordinal));
        Assert.Contains(plan, line => line.StartsWith("SEARCH a USING INTEGER PRIMARY KEY", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_unchanged_upsert_keeps_the_version_and_versions_survive_a_restart()
    {
        var database = _storage.Open();
        var store = new SqliteArticleStore(database, TimeProvider.System);
        await store.UpsertAsync(StoreContractTests.Sample("a1", "bbc", 0));
        var version = await store.GetVersionAsync(null);

        Assert.Equal(UpsertOutcome.Unchanged, await store.UpsertAsync(StoreContractTests.Sample("a1", "bbc", 0)));
        Assert.False(await store.TryReplaceAsync(StoreContractTests.Sample("a1", "bbc", 0) with { Title = "x" }, StoreContractTests.Sample("a1", "bbc", 0)));

        Assert.Equal(version, await store.GetVersionAsync(null));
        var (dw, voa) = (await store.GetVersionAsync("dw"), await store.GetVersionAsync("voa"));
        await store.UpsertManyAsync([StoreContractTests.Sample("a1", "bbc", 0), StoreContractTests.Sample("d1", "dw", 1), StoreContractTests.Sample("d2", "dw", 2)]);
        Assert.NotEqual(dw, await store.GetVersionAsync("dw"));
        Assert.Equal(voa, await store.GetVersionAsync("voa"));
        Assert.NotEqual(version, version = await store.GetVersionAsync(null));
        await store.UpsertManyAsync([StoreContractTests.Sample("a1", "bbc", 0)]);
        Assert.Equal(version, await store.GetVersionAsync(null));
        _storage.Close(database);
        Assert.Equal(version, await new SqliteArticleStore(_storage.Open(), TimeProvider.System).GetVersionAsync(null));
        Assert.Null(((IArticleStore)store).Index);
    }

    [Fact]
    public async Task Writes_queued_together_share_a_transaction_but_a_failing_one_fails_alone()
    {
        var database = _storage.Open();
        var store = new SqliteArticleStore(database, TimeProvider.System);

        var good = Enumerable.Range(0, 50).Select(i => store.UpsertAsync(StoreContractTests.Sample("a" + i, "bbc", i))).ToList();
        var bad = database.WriteAsync<int>(session =>
        {
            session.Execute("INSERT INTO versions(key, value) VALUES('poison', 1);");
            throw new InvalidOperationException("boom");
        });
        var more = Enumerable.Range(50, 50).Select(i => store.UpsertAsync(StoreContractTests.Sample("a" + i, "dw", i))).ToList();

        Assert.All(await Task.WhenAll(good.Concat(more)), outcome => Assert.Equal(UpsertOutcome.Created, outcome));
        await Assert.ThrowsAsync<InvalidOperationException>(() => bad);
        Assert.Equal(100, await store.CountAsync());
        Assert.Equal(0, await database.ReadAsync(s => (long)s.Command("SELECT count(*) FROM versions WHERE key = 'poison'").ExecuteScalar()!));
    }

    [Fact]
    public async Task A_cancelled_read_is_interrupted_and_the_connection_is_reused_afterwards()
    {
        var database = _storage.Open(new SqliteStorageOptions { ReadConnections = 1 });
        using var cancel = new CancellationTokenSource();

        var read = database.ReadAsync(session =>
        {
            // A statement that runs until interrupted: an endless recursive count.
            cancel.Cancel();
            return session.Command("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) FROM n").ExecuteScalar();
        }, cancellationToken: cancel.Token);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => read);
        Assert.Equal(1L, await database.ReadAsync(s => (long)s.Command("SELECT 1").ExecuteScalar()!));
    }

    [Fact]
    public async Task A_read_over_its_time_limit_is_interrupted_as_too_broad()
    {
        var database = _storage.Open();

        await Assert.ThrowsAsync<QueryTooBroadException>(() => database.ReadAsync(
            session => session.Command("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) FROM n").ExecuteScalar(),
            TimeSpan.FromMilliseconds(50)));
    }

    [Fact]
    public async Task Searches_never_take_the_last_reader_so_other_reads_go_on_while_every_search_slot_is_busy()
    {
        var database = _storage.Open(new SqliteStorageOptions { ReadConnections = 2, SearchTimeout = TimeSpan.FromMilliseconds(300) });
        var store = new SqliteArticleStore(database, TimeProvider.System);
        await store.UpsertAsync(new Article
        {
            Id = "a1", Source = "VOA", SourceSlug = "voa", Title = "Summit in Vilnius", Summary = "NATO summit",
            Published = DateTimeOffset.UnixEpoch, Updated = DateTimeOffset.UnixEpoch,
        });
        Assert.Equal(1, database.SlowReadSlots.CurrentCount); // two readers, one of them for searches

        await database.SlowReadSlots.WaitAsync(); // a long search holds it
        try
        {
            await Assert.ThrowsAsync<TimeoutException>(() => store.QueryAsync(new ArticleQuery { Keyword = "summit" }));
            Assert.Single(await store.QueryAsync(new ArticleQuery())); // the feed's own read still has its reader
        }
        finally
        {
            database.SlowReadSlots.Release();
        }

        Assert.Single(await store.QueryAsync(new ArticleQuery { Keyword = "summit" }));
    }

    [Fact]
    public async Task The_database_is_in_wal_mode_with_every_table()
    {
        var database = _storage.Open();

        Assert.Equal("wal", await database.ReadAsync(s => (string)s.Command("PRAGMA journal_mode").ExecuteScalar()!));
        var tables = await database.ReadAsync(s =>
        {
            using var reader = s.Command("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").ExecuteReader();
            var names = new List<string>();
            while (reader.Read())
            {
                names.Add(reader.GetString(0));
            }

            return names;
        });
        Assert.Subset(tables.ToHashSet(), new HashSet<string>
        {
            "articles", "article_content", "articles_fts", "categories", "sources", "versions", "meta", "quarantine",
            "translation_cache", "translation_usage", "translation_queue", "seeds",
        });
        Assert.True(File.Exists(Path.Combine(_storage.DataPath, "feedrelay.db")));
    }

    [Fact]
    public async Task AddSqliteStorage_registers_every_store_over_one_database()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IArticleStore>(_ => throw new InvalidOperationException("the old registration must be replaced"));
        services.AddSqliteStorage(options => options.DataPath = _storage.DataPath);
        await using var provider = services.BuildServiceProvider();

        Assert.IsType<SqliteArticleStore>(provider.GetRequiredService<IArticleStore>());
        Assert.IsType<SqliteQuarantine>(provider.GetRequiredService<IQuarantine>());
        Assert.IsType<SqliteTranslationCache>(provider.GetRequiredService<ITranslationCache>());
        Assert.IsType<SqliteTranslationUsage>(provider.GetRequiredService<ITranslationUsage>());
        Assert.IsType<SqliteSeedLedger>(provider.GetRequiredService<ISeedLedger>());
        Assert.Same(provider.GetRequiredService<ITranslationQueue>(), provider.GetRequiredService<ITranslationWorkQueue>());
        Assert.Equal(Path.Combine(_storage.DataPath, "feedrelay.db"), provider.GetRequiredService<SqliteDatabase>().Path);
    }

    [Fact]
    public async Task Invalid_options_fail_at_start()
    {
        var services = new ServiceCollection();
        services.AddSqliteStorage(options => options.DataPath = " ");
        await using var provider = services.BuildServiceProvider();

        Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
    }

    private static Task<List<string>> ExplainAsync(SqliteDatabase database, ArticleQuery query) =>
        database.ReadAsync(session =>
        {
            var plan = ArticleQueryPlan.For(query)!;
            var command = session.Command("EXPLAIN QUERY PLAN " + plan.Sql);
            plan.Bind(command);
            using var reader = command.ExecuteReader();
            var lines = new List<string>();
            while (reader.Read())
            {
                lines.Add(reader.GetString(3));
            }

            return lines;
        });
}
