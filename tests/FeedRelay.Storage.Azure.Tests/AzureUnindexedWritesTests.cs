using Azure.Core;
using FeedRelay.Storage;
using FeedRelay.Storage.Azure;
using Microsoft.Extensions.Logging.Abstractions;

namespace FeedRelay.Tests.Storage;

/// <summary>
/// The store counts this instance's writes that are stored and not indexed yet (an unchanged article among them whose index
/// is missing is about to be indexed by its own writer, not a stopped write to repair). The count stays exact when a create's
/// response is lost and when a caller stops waiting for its index.
/// </summary>
public sealed class AzureUnindexedWritesTests
{
    // Only a guard against hanging when the store is broken: a working store gets there at once.
    private static readonly TimeSpan Guard = TimeSpan.FromMinutes(1);

    /// <summary>
    /// A new article's create reaches storage but its response is lost, so the client's retry meets the blob it created itself
    /// (409): the store recognises its own create, reports it created once, indexes it, and another write of the same article
    /// in flight keeps its mark.
    /// </summary>
    [Fact]
    public async Task A_create_whose_response_was_lost_counts_as_created_once_and_is_indexed()
    {
        var options = AzureTestStorage.NewOptions((await AzuriteServer.Shared).ConnectionString);
        var fault = new LostResponses(m => LostResponses.Is(m, RequestMethod.Put, "/" + options.ArticlesContainer + "/a1.json")
            && m.Request.Headers.TryGetValue("If-None-Match", out var condition) && condition == "*");
        using var store = new AzureArticleStore(new AzureStorageClients(options, fault), TimeProvider.System, NullLogger<AzureArticleStore>.Instance);
        await store.UpsertAsync(StoreContractTests.Sample("warm", "bbc", 0)); // creates the container and the table
        var article = StoreContractTests.Sample("a1", "bbc", 1);
        store.Blobs.MarkUnindexed(article.Id); // another write of the same article by this instance, not indexed yet

        var outcome = Assert.Single(await store.UpsertIngestedManyAsync([article]));

        Assert.Equal(1, fault.Lost);
        Assert.Equal(UpsertOutcome.Created, outcome.Outcome);
        Assert.Equal(["a1", "warm"], (await store.QueryAsync(new ArticleQuery(Limit: 10))).Select(a => a.Id).Order());
        Assert.Equal(2, (await store.ListSourcesAsync()).Single(s => s.Slug == "bbc").ArticleCount);
        Assert.True(store.Blobs.IsUnindexed(article.Id));
        store.Blobs.Indexed(article.Id);
        Assert.False(store.Blobs.IsUnindexed(article.Id));
    }

    [Fact]
    public async Task A_write_whose_caller_stopped_waiting_counts_as_unindexed_until_its_flush_has_indexed_it()
    {
        var clients = await AzureTestStorage.NewClientsAsync();
        using var store = AzureTestStorage.OpenStore(clients);
        await store.UpsertAsync(StoreContractTests.Sample("warm", "bbc", 0)); // creates the container and the table
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        store.OnIndexing = async _ =>
        {
            entered.TrySetResult();
            await release.Task;
        };
        using var cancel = new CancellationTokenSource();

        var waiting = store.UpsertAsync(StoreContractTests.Sample("a1", "bbc", 1), cancel.Token);
        await entered.Task.WaitAsync(Guard);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);

        Assert.True(store.Blobs.IsUnindexed("a1")); // its flush is still indexing it
        release.SetResult();
        // Flushes run one after another: once this write's flush is done, so is the one before it.
        await store.UpsertAsync(StoreContractTests.Sample("a2", "bbc", 2)).WaitAsync(Guard);
        Assert.False(store.Blobs.IsUnindexed("a1"));
        Assert.False(store.Blobs.IsUnindexed("a2"));
        Assert.Equal(["a1", "a2", "warm"], (await store.QueryAsync(new ArticleQuery(Limit: 10))).Select(a => a.Id).Order());
    }
}
