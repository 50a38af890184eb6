using Azure.Data.Tables;
using FeedRelay.Storage;
using FeedRelay.Storage.Azure;

namespace FeedRelay.Tests.Storage;

/// <summary>
/// The table index of the Azure store: every feed filter and keyset page answers exactly what the in-memory
/// <see cref="ArticleIndex"/> (the reference) answers for the same articles, with a bounded number of requests whatever the size.
/// </summary>
public sealed class AzureIndexTests
{
    private static readonly DateTimeOffset Start = new(2024, 3, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly string[] Slugs = ["bbc", "dw", "nhk", "lemonde"];
    private static readonly string[] CategoryPool = ["World", "world", "Politics", "Tech/AI", "Sport#1", "经济", "50% off?"];
    private static readonly string?[] LanguagePool = ["zh", "zh-Hant", "zh-Hant-TW", "en", "en-GB", "fr", null];

    [Fact]
    public async Task Every_filter_and_page_matches_the_reference_index_before_and_after_updates()
    {
        var clients = await AzureTestStorage.NewClientsAsync();
        using var store = AzureTestStorage.OpenStore(clients);
        var reference = new ArticleIndex();
        var articles = Articles(160, seed: 7);
        await store.UpsertManyAsync(articles.Take(100).ToList());
        foreach (var article in articles.Skip(100))
        {
            await store.UpsertAsync(article);
        }

        articles.ForEach(reference.Set);
        await AssertSameAsync(store, reference);

        // Moves in time, between sources, categories and languages, and translations: old rows must go, counts follow.
        var random = new Random(11);
        foreach (var article in articles.Where((_, i) => i % 5 == 0).ToList())
        {
            var changed = article with
            {
                Published = article.Published.AddHours(random.Next(-300, 300)),
                SourceSlug = Slugs[random.Next(Slugs.Length)],
                Categories = [CategoryPool[random.Next(CategoryPool.Length)]],
                Language = LanguagePool[random.Next(LanguagePool.Length)],
            };
            changed = changed with { Source = changed.SourceSlug.ToUpperInvariant() };
            Assert.Equal(UpsertOutcome.Updated, await store.UpsertAsync(changed));
            reference.Set((await store.GetAsync(article.Id))!);
        }

        foreach (var article in articles.Where((_, i) => i % 7 == 1).ToList())
        {
            var current = (await store.GetAsync(article.Id))!;
            var level = random.Next(3) switch { 0 => "full", 1 => "title-summary", _ => "none" };
            Assert.True(await store.TryReplaceAsync(current, current with { Translation = new ArticleTranslation { Language = "en", Title = "T " + current.Id, Level = level } }));
            reference.Set((await store.GetAsync(article.Id))!);
        }

        await AssertSameAsync(store, reference);
        await AssertSameAsync(AzureTestStorage.OpenStore(AzureTestStorage.Clients(clients.Options)), reference);
    }

    [Fact]
    public async Task A_keyword_query_is_refused_with_a_named_exception()
    {
        using var store = AzureTestStorage.OpenStore(await AzureTestStorage.NewClientsAsync());

        Assert.False(((IArticleStore)store).SupportsKeywordSearch);
        var refused = await Assert.ThrowsAsync<KeywordSearchNotSupportedException>(() => store.QueryAsync(new ArticleQuery { Keyword = "x" }));
        Assert.Contains(KeywordSearchNotSupportedException.Setting, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Versions_move_with_every_change_of_their_source_including_translations()
    {
        var clients = await AzureTestStorage.NewClientsAsync();
        IArticleStore store = AzureTestStorage.OpenStore(clients);
        Assert.Equal(0, await store.GetVersionAsync(null));
        var bbc = StoreContractTests.Sample("a1", "bbc", 0);
        await store.UpsertAsync(bbc);
        await store.UpsertAsync(StoreContractTests.Sample("a2", "dw", 1));
        var (all, ofBbc, ofDw) = (await store.GetVersionAsync(null), await store.GetVersionAsync("bbc"), await store.GetVersionAsync("dw"));

        Assert.True(await store.TryReplaceAsync(bbc, bbc with { Translation = new ArticleTranslation { Language = "en", Title = "Title", Level = "full" } }));

        Assert.NotEqual(all, await store.GetVersionAsync(null));
        Assert.NotEqual(ofBbc, await store.GetVersionAsync("bbc"));
        Assert.Equal(ofDw, await store.GetVersionAsync("dw"));
        Assert.Equal(UpsertOutcome.Unchanged, await store.UpsertAsync(StoreContractTests.Sample("a2", "dw", 1)));
        Assert.Equal(ofDw, await store.GetVersionAsync("dw"));
    }

    [Fact]
    public async Task A_fresh_instance_answers_a_feed_of_ten_over_500_articles_in_a_few_requests()
    {
        var options = (await AzureTestStorage.NewClientsAsync()).Options;
        using (var writer = AzureTestStorage.OpenStore(AzureTestStorage.Clients(options)))
        {
            await writer.UpsertManyAsync(Articles(500, seed: 3));
        }

        var clients = AzureTestStorage.Clients(options);
        using var reader = AzureTestStorage.OpenStore(clients);

        var feed = await reader.QueryAsync(new ArticleQuery(Limit: 10));
        var feedRequests = clients.Requests.Count;
        var sources = await reader.ListSourcesAsync();
        var sourcesRequests = clients.Requests.Count - feedRequests;
        await reader.GetVersionAsync(null);
        var versionRequests = clients.Requests.Count - feedRequests - sourcesRequests;
        var filtered = await reader.QueryAsync(new ArticleQuery("bbc", Limit: 10) { Category = "politics", Since = Start.AddDays(2) });
        var filteredRequests = clients.Requests.Count - feedRequests - sourcesRequests - versionRequests;

        Assert.Equal(10, feed.Count);
        Assert.Equal(500, sources.Sum(s => s.ArticleCount));
        // One table page and the ten blobs; the 500 articles are never listed or read.
        Assert.InRange(feedRequests, 1, 12);
        Assert.Equal(1, sourcesRequests);
        Assert.Equal(1, versionRequests);
        Assert.InRange(filteredRequests, 1, filtered.Count + 2);
    }

    [Fact]
    public async Task Two_instances_ingesting_and_translating_at_once_end_as_one_instance_alone_would()
    {
        var options = (await AzureTestStorage.NewClientsAsync()).Options;
        using var first = AzureTestStorage.OpenStore(AzureTestStorage.Clients(options));
        using var second = AzureTestStorage.OpenStore(AzureTestStorage.Clients(options));
        var articles = Articles(90, seed: 5);

        // The first instance stores 0..49 one by one, the second 30..79 in batches: 30..49 are stored by both at once.
        await Task.WhenAll(
            Task.WhenAll(articles.Take(50).Select(a => Task.Run(() => first.UpsertAsync(a)))),
            Task.WhenAll(articles.Skip(30).Take(50).Chunk(10).Select(batch => Task.Run(() => second.UpsertManyAsync(batch)))));
        // Translations land on both instances (each article on both, so that they race: a replace of a read that the other
        // instance already replaced is refused) while new articles arrive.
        var translating = articles.Take(80).SelectMany(a => new[] { first, second }.Select(store => (a.Id, Task: Task.Run(async () =>
        {
            var current = (await store.GetAsync(a.Id))!;
            return await store.TryReplaceAsync(current, current with { Translation = new ArticleTranslation { Language = "en", Title = "T " + a.Id, Level = "full" } });
        })))).ToList();
        var arriving = Task.Run(() => second.UpsertManyAsync(articles.Skip(80).ToList()));
        await Task.WhenAll(translating.Select(t => (Task)t.Task).Append(arriving));
        Assert.All(translating.GroupBy(t => t.Id), g => Assert.Contains(true, g.Select(t => t.Task.Result)));
        Assert.All(await arriving, o => Assert.Equal(UpsertOutcome.Created, o));

        var final = new List<Article>();
        foreach (var article in articles)
        {
            var stored = await first.GetAsync(article.Id);
            Assert.NotNull(stored);
            Assert.Equal(articles.IndexOf(article) < 80 ? "T " + article.Id : null, stored.Translation?.Title);
            final.Add(stored);
        }

        var alone = AzureTestStorage.NewOptions(options.ConnectionString!);
        using (var single = AzureTestStorage.OpenStore(AzureTestStorage.Clients(alone)))
        {
            await single.UpsertManyAsync(final);
        }

        var clients = AzureTestStorage.Clients(options);
        var aloneClients = AzureTestStorage.Clients(alone);
        Assert.Equal(await DumpAsync(aloneClients), await DumpAsync(clients));
        Assert.Equal(await AzureTestStorage.OpenStore(aloneClients).ListSourcesAsync(), await AzureTestStorage.OpenStore(clients).ListSourcesAsync());
        var levels = (await AzureTestStorage.OpenStore(clients).CountByTranslationLevelAsync())!;
        Assert.Equal(80, levels["full"]);
        Assert.Equal(10, levels[IArticleStore.Untranslated]);
    }

    [Fact]
    public async Task A_restart_of_the_storage_emulator_mid_ingest_loses_nothing()
    {
        using var azurite = await AzuriteServer.StartPrivateAsync();
        var options = AzureTestStorage.NewOptions(azurite.ConnectionString);
        using var store = AzureTestStorage.OpenStore(AzureTestStorage.Clients(options));
        var articles = Articles(240, seed: 9);
        var halfway = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var done = 0;
        var failures = 0;
        var ingest = Task.WhenAll(articles.Chunk(60).Select(part => Task.Run(async () =>
        {
            foreach (var article in part)
            {
                // The ingestion host retries a seed whose store write failed; so does this loop, until it is stored.
                for (var stored = false; !stored;)
                {
                    try
                    {
                        await store.UpsertAsync(article);
                        stored = true;
                    }
                    catch (Exception ex) when (ex is Azure.RequestFailedException or HttpRequestException or IOException or TaskCanceledException or AggregateException)
                    {
                        Interlocked.Increment(ref failures);
                    }
                }

                if (Interlocked.Increment(ref done) == articles.Count / 3)
                {
                    halfway.TrySetResult();
                }
            }
        })));

        await halfway.Task;
        await azurite.RestartAsync();
        await ingest;

        var fresh = AzureTestStorage.OpenStore(AzureTestStorage.Clients(options));
        Assert.Equal(articles.Select(a => a.Id).Order(StringComparer.Ordinal),
            (await fresh.QueryAsync(new ArticleQuery(Limit: 1000))).Select(a => a.Id).Order(StringComparer.Ordinal));
        Assert.Equal(articles.Count, (await fresh.ListSourcesAsync()).Sum(s => s.ArticleCount));
        Assert.Equal(articles.Count, (await fresh.CountByTranslationLevelAsync())![IArticleStore.Untranslated]);
    }

    private static async Task AssertSameAsync(IArticleStore store, ArticleIndex reference)
    {
        var day2 = Start.AddDays(2);
        var queries = new List<ArticleQuery>
        {
            new(Limit: 1000), new(Limit: 10), new("bbc"), new("dw", Limit: 5), new("nosuch"),
            new() { Sources = ["bbc", "dw"] }, new() { Sources = ["bbc", "nhk", "lemonde"], Category = "WORLD", Limit = 20 },
            new() { Category = "world" }, new() { Category = "Tech/AI" }, new() { Category = "经济" }, new() { Category = "50% off?" },
            new() { Language = "zh" }, new() { Language = "zh-hant" }, new() { Language = "EN-gb" }, new() { Language = "z" },
            new() { Since = day2 }, new("lemonde") { Since = day2 }, new() { Category = "politics", Language = "en" },
            new("bbc") { Sources = ["dw"] }, new() { Sources = ["nosuch", "dw"], Since = day2, Language = "fr" },
        };
        foreach (var query in queries)
        {
            Assert.Equal(Ids(reference.Query(query)), Ids(await store.QueryAsync(query)));
        }

        // Keyset pages of seven, through the whole feed, are the feed.
        foreach (var query in queries.Take(8).Append(new ArticleQuery { Language = "zh", Since = Start.AddDays(1) }))
        {
            var pages = new List<Article>();
            for (FeedCursor? cursor = null; ;)
            {
                var page = await store.QueryAsync(query with { Limit = 7, Before = cursor });
                Assert.Equal(Ids(reference.Query(query with { Limit = 7, Before = cursor })), Ids(page));
                if (page.Count == 0)
                {
                    break;
                }

                pages.AddRange(page);
                cursor = FeedCursor.After(page[^1]);
            }

            Assert.Equal(Ids(reference.Query(query with { Limit = 1000 })), Ids(pages));
        }

        Assert.Equal(reference.Sources(), await store.ListSourcesAsync());
        var all = reference.Query(new ArticleQuery(Limit: int.MaxValue));
        var levels = (await store.CountByTranslationLevelAsync())!.Where(l => l.Value > 0).OrderBy(l => l.Key, StringComparer.Ordinal);
        Assert.Equal(all.GroupBy(a => a.Translation?.Level ?? IArticleStore.Untranslated).Select(g => KeyValuePair.Create(g.Key, (long)g.Count())).OrderBy(l => l.Key, StringComparer.Ordinal), levels);
    }

    private static List<string> Ids(IEnumerable<Article> articles) => articles.Select(a => a.Id).ToList();

    /// <summary>Every row of the index table, as text, without the service's timestamps and ETags.</summary>
    private static async Task<List<string>> DumpAsync(AzureStorageClients clients)
    {
        var rows = new List<string>();
        await foreach (var row in clients.Tables.GetTableClient(clients.Options.IndexTable).QueryAsync<TableEntity>())
        {
            var ignored = row.PartitionKey == "sources" ? new[] { "Version", "Changed", "Ops" } : row.PartitionKey == "levels" ? ["Ops"] : [];
            rows.Add(string.Join('|', row.Where(p => p.Key is not ("Timestamp" or "odata.etag") && !ignored.Contains(p.Key))
                .OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}")));
        }

        rows.Sort(StringComparer.Ordinal);
        return rows;
    }

    /// <summary><paramref name="count"/> articles over four sources, with ties in time, mixed-case and odd categories, and language subtags.</summary>
    private static List<Article> Articles(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(i =>
        {
            var slug = Slugs[random.Next(Slugs.Length)];
            var id = random.Next().ToString("x8", System.Globalization.CultureInfo.InvariantCulture) + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var published = new DateTimeOffset(Start.AddHours(random.Next(0, 120)).UtcDateTime, TimeSpan.Zero).ToOffset(TimeSpan.FromHours(random.Next(-5, 9)));
            return StoreContractTests.Sample(id, slug, 0) with
            {
                Source = slug.ToUpperInvariant(),
                Published = published,
                Updated = published,
                Categories = CategoryPool.Where(_ => random.Next(3) == 0).DistinctBy(c => c.ToLowerInvariant()).ToList(),
                Language = LanguagePool[random.Next(LanguagePool.Length)],
            };
        }).ToList();
    }
}
