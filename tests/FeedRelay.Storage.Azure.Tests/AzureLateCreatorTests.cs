using Azure.Data.Tables;
using FeedRelay.Storage;
using FeedRelay.Storage.Azure;

namespace FeedRelay.Tests.Storage;

/// <summary>
/// The instance that created an article indexes it after another instance has already updated and indexed it (the creator's
/// flush was slow): the creator's marker insert fails, its blob check finds the newer version, and the index ends as the
/// blob is, in every partition. Made deterministic by running the other instance's whole update at the start of the
/// creator's index flush.
/// </summary>
public sealed class AzureLateCreatorTests
{
    [Fact]
    public async Task A_creator_whose_index_lands_after_another_instances_update_leaves_the_index_on_the_newer_version()
    {
        var clients = await AzureTestStorage.NewClientsAsync();
        using var creator = AzureTestStorage.OpenStore(clients);
        using var updater = AzureTestStorage.OpenStore(clients);
        await updater.UpsertAsync(StoreContractTests.Sample("warm", "bbc", 0)); // creates the container and the table
        var created = StoreContractTests.Sample("a1", "bbc", 1) with { Categories = ["politics"] };
        var edited = created with { Title = "Edited", Categories = ["sport"] };
        var overtaken = false;
        creator.OnIndexing = async ct =>
        {
            if (!overtaken)
            {
                overtaken = true;
                Assert.Equal(UpsertOutcome.Updated, await updater.UpsertAsync(edited, ct));
            }
        };

        var outcome = Assert.Single(await creator.UpsertIngestedManyAsync([created]));

        Assert.True(overtaken);
        Assert.Equal(UpsertOutcome.Created, outcome.Outcome);
        var stored = await updater.GetAsync("a1");
        Assert.Equal("Edited", stored!.Title);
        var table = clients.Tables.GetTableClient(clients.Options.IndexTable);
        var blobHash = (await table.GetEntityAsync<TableEntity>(IndexKeys.All, IndexKeys.Row(stored))).Value.GetString("Hash");
        foreach (var partition in IndexKeys.PartitionsOf(stored))
        {
            var row = await table.GetEntityIfExistsAsync<TableEntity>(partition, IndexKeys.Row(stored));
            Assert.True(row.HasValue, partition);
            Assert.Equal(blobHash, row.Value!.GetString("Hash"));
            Assert.Equal("Edited", row.Value.GetString("Title"));
        }

        // The category the update left holds no row of it: the creator's late rows were replaced by the blob's version.
        Assert.False((await table.GetEntityIfExistsAsync<TableEntity>(IndexKeys.Category("politics"), IndexKeys.Row(stored))).HasValue);
        Assert.Equal(["Edited"], (await creator.QueryAsync(new ArticleQuery { Category = "sport" })).Select(a => a.Title));
        Assert.Empty(await creator.QueryAsync(new ArticleQuery(Limit: 10) { Category = "politics" }));
        Assert.Equal(2, (await creator.ListSourcesAsync()).Single(s => s.Slug == "bbc").ArticleCount);
    }

    [Fact]
    public async Task A_bulk_import_of_new_articles_checks_its_versions_with_batched_marker_inserts()
    {
        var clients = await AzureTestStorage.NewClientsAsync();
        using var store = AzureTestStorage.OpenStore(clients);
        await store.UpsertAsync(StoreContractTests.Sample("warm", "bbc", 0));
        var table = clients.Tables.GetTableClient(clients.Options.IndexTable);
        var articles = Enumerable.Range(0, 150).Select(i => StoreContractTests.Sample("n" + i, "bbc", i + 1)).ToList();

        await store.UpsertIngestedManyAsync(articles);

        var markers = new List<string>();
        await foreach (var row in table.QueryAsync<TableEntity>(e => e.PartitionKey == VersionMarkers.Partition))
        {
            markers.Add(row.RowKey);
        }

        // One marker per created article ("warm" included), inserted in batches of up to 100.
        Assert.Equal(articles.Select(a => a.Id).Append("warm").Select(IndexKeys.Escape).Order(StringComparer.Ordinal), markers.Order(StringComparer.Ordinal));
    }
}
