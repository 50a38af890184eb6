using FeedRelay.Storage;
using FeedRelay.Storage.Sqlite;

namespace FeedRelay.Tests.Storage;

/// <summary>The SQLite store's one-query <see cref="SqliteArticleStore.GetManyAsync"/> answers as one <c>GetAsync</c> per id would.</summary>
public sealed class SqliteGetManyTests : IDisposable
{
    private readonly SqliteTestStorage _storage = new();

    public void Dispose() => _storage.Dispose();

    [Fact]
    public async Task Answers_in_the_order_asked_with_nulls_repeats_and_translations_as_one_by_one()
    {
        var store = new SqliteArticleStore(_storage.Open(), TimeProvider.System);
        var stored = Enumerable.Range(0, 1500).Select(i => StoreContractTests.Sample($"a{i}", i % 2 == 0 ? "bbc" : "dw", i)).ToList();
        await store.UpsertManyAsync(stored);
        // More ids than one query reads, with unknown, repeated and quote-bearing ids in between.
        var ids = Enumerable.Range(0, 1500).Select(i => $"a{1499 - i}")
            .Concat(["missing", "a7", "a\"'], x", "", "a7"]).ToList();
        IArticleStore contract = store;

        var many = await store.GetManyAsync(ids);
        var viaDefault = await DefaultGetManyAsync(contract, ids);

        Assert.Equal(ids.Count, many.Count);
        for (var i = 0; i < ids.Count; i++)
        {
            Assert.Equal(viaDefault[i] is null ? null : StoreJson.ContentOf(viaDefault[i]!), many[i] is null ? null : StoreJson.ContentOf(many[i]!));
            Assert.Equal(viaDefault[i]?.Updated, many[i]?.Updated);
        }

        Assert.Null(many[1500]);
        Assert.Equal("a7", many[1501]!.Id);
        Assert.Equal("a7", many[^1]!.Id);
        Assert.Empty(await store.GetManyAsync([]));
    }

    private static async Task<Article?[]> DefaultGetManyAsync(IArticleStore store, List<string> ids)
    {
        var articles = new Article?[ids.Count];
        for (var i = 0; i < ids.Count; i++)
        {
            articles[i] = await store.GetAsync(ids[i]);
        }

        return articles;
    }
}
