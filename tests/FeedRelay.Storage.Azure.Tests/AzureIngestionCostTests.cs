using FeedRelay.Storage;
using FeedRelay.Storage.Azure;

namespace FeedRelay.Tests.Storage;

/// <summary>What bulk ingestion costs in storage requests on Azure (counted by <see cref="RequestCounter"/>), and that it stays safe.</summary>
public sealed class AzureIngestionCostTests
{
    [Fact]
    public async Task A_batch_of_new_articles_costs_one_upload_each_plus_the_batched_index_and_version_markers()
    {
        var clients = await AzureTestStorage.NewClientsAsync();
        using var store = AzureTestStorage.OpenStore(clients);
        await store.UpsertAsync(StoreContractTests.Sample("warm", "bbc", 0)); // creates the container and the table
        var articles = Enumerable.Range(0, 100).Select(i => StoreContractTests.Sample("n" + i, "bbc", i + 1)).ToList();
        var before = clients.Requests.Count;

        var outcomes = await store.UpsertIngestedManyAsync(articles);

        Assert.All(outcomes, o => Assert.Equal(UpsertOutcome.Created, o.Outcome));
        // 100 uploads, no reads; the feed rows of the 5 partitions in ≤ 100-row batches; one read and write of the source row
        // and of each of at most 16 level shards (with room for a few conflict retries); then one batch of 100 version markers
        // to check that no other instance indexed a newer version meanwhile (it was one HEAD per article).
        var requests = clients.Requests.Count - before;
        Assert.InRange(requests, 100 + 5 + 1, 100 + 10 + 2 + (2 * IndexKeys.LevelShards) + 1 + 10);
        Assert.Equal(101, (await store.QueryAsync(new ArticleQuery(Limit: 200))).Count);
    }

    [Fact]
    public async Task Bulk_ingestion_over_a_translation_stored_by_another_instance_keeps_it()
    {
        var clients = await AzureTestStorage.NewClientsAsync();
        using var ingester = AzureTestStorage.OpenStore(clients);
        using var translator = AzureTestStorage.OpenStore(clients);
        var article = StoreContractTests.Sample("t1", "bbc", 0);
        await ingester.UpsertAsync(article);
        var translated = article with { Translation = new ArticleTranslation { Language = "en", Title = "Translated", SourceHash = "h" } };
        Assert.True(await translator.TryReplaceAsync((await translator.GetAsync("t1"))!, translated));

        // The same seed again, and a new one: the translation stays, and is what ingestion reports as stored.
        var outcomes = await ingester.UpsertIngestedManyAsync([article, StoreContractTests.Sample("t2", "bbc", 1)]);

        Assert.Equal([UpsertOutcome.Unchanged, UpsertOutcome.Created], outcomes.Select(o => o.Outcome));
        Assert.Equal("Translated", outcomes[0].Article.Translation?.Title);
        Assert.Equal("Translated", (await translator.GetAsync("t1"))!.Translation?.Title);
    }
}
