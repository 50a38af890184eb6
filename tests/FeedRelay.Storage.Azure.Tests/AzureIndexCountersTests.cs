using FeedRelay.Storage;
using FeedRelay.Storage.Azure;

namespace FeedRelay.Tests.Storage;

/// <summary>
/// The Azure index's counter rows (articles per source, per translation level) apply each keyed change once, however the
/// changes arrive: a whole flush applied again (its index work failed after the counters, and the writes are retried), and
/// an article's later change landing before its earlier one (two instances).
/// </summary>
public sealed class AzureIndexCountersTests
{
    private static readonly DateTimeOffset Published = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_flush_as_large_as_a_flush_can_be_applied_again_counts_each_article_once()
    {
        var (counters, _) = await OpenAsync();
        var ops = Enumerable.Range(0, ArticleIndexer.MaxFlushWrites)
            .Select(i => CounterOp.Of(null, null, Article($"a{i}", "rfa"), $"hash-{i}")).ToList();

        await counters.ApplyAsync(ops, CancellationToken.None);
        await counters.ApplyAsync(ops, CancellationToken.None);

        Assert.Equal(ArticleIndexer.MaxFlushWrites, (await counters.ReadSourceAsync("rfa", CancellationToken.None))!.GetInt64("Count"));
        Assert.Equal(ArticleIndexer.MaxFlushWrites, (await counters.ReadLevelsAsync(CancellationToken.None))[IArticleStore.Untranslated]);
    }

    [Fact]
    public async Task An_articles_later_change_applied_before_its_earlier_one_leaves_the_counts_right()
    {
        var (counters, _) = await OpenAsync();
        var first = Article("a1", "rfa");
        var moved = Article("a1", "voa") with { Translation = new ArticleTranslation { Language = "en", Title = "Title", Level = "full" } };
        var created = CounterOp.Of(null, null, first, "h1");
        var changed = CounterOp.Of(first, "h1", moved, "h2");

        await counters.ApplyAsync([changed], CancellationToken.None);
        Assert.Equal(0, (await counters.ReadLevelsAsync(CancellationToken.None)).GetValueOrDefault(IArticleStore.Untranslated));
        await counters.ApplyAsync([created], CancellationToken.None);

        Assert.Equal(0, (await counters.ReadSourceAsync("rfa", CancellationToken.None))!.GetInt64("Count"));
        Assert.Equal(1, (await counters.ReadSourceAsync("voa", CancellationToken.None))!.GetInt64("Count"));
        var levels = await counters.ReadLevelsAsync(CancellationToken.None);
        Assert.Equal(1, levels["full"]);
        Assert.False(levels.ContainsKey(IArticleStore.Untranslated));
    }

    [Fact]
    public async Task A_write_of_more_articles_than_a_flush_holds_is_indexed_in_flushes_no_larger()
    {
        var clients = await AzureTestStorage.NewClientsAsync();
        using var store = AzureTestStorage.OpenStore(clients);
        var articles = Enumerable.Range(0, ArticleIndexer.MaxFlushWrites + 40).Select(i => StoreContractTests.Sample($"a{i}", "bbc", i)).ToList();

        await store.UpsertIngestedManyAsync(articles);

        Assert.InRange(store.Indexer.LargestFlush, 1, ArticleIndexer.MaxFlushWrites);
        Assert.Equal(articles.Count, (await store.ListSourcesAsync()).Single(s => s.Slug == "bbc").ArticleCount);
    }

    private static async Task<(IndexCounters Counters, Azure.Data.Tables.TableClient Table)> OpenAsync()
    {
        var clients = await AzureTestStorage.NewClientsAsync();
        var table = clients.Tables.GetTableClient(clients.Options.IndexTable);
        await table.CreateIfNotExistsAsync();
        return (new IndexCounters(table, TimeProvider.System), table);
    }

    private static Article Article(string id, string source) => new()
    {
        Id = id, Source = source.ToUpperInvariant(), SourceSlug = source, Title = id, Link = new Uri($"https://example.org/{id}"), Published = Published,
    };
}
