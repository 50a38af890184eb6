using Azure.Core;
using Azure.Core.Pipeline;
using FeedRelay.Storage;
using FeedRelay.Storage.Azure;
using Microsoft.Extensions.Logging.Abstractions;

namespace FeedRelay.Tests.Storage;

/// <summary>
/// A new article's create reaches storage but its response is lost, so the client's retry meets the blob it created itself
/// (409): the store recognises its own create, reports it created once, indexes it, and keeps its count of this instance's
/// writes that are stored and not indexed yet exact (another write of the same article in flight keeps its mark).
/// </summary>
public sealed class AzureLostResponseTests
{
    [Fact]
    public async Task A_create_whose_response_was_lost_counts_as_created_once_and_is_indexed()
    {
        var options = AzureTestStorage.NewOptions((await AzuriteServer.Shared).ConnectionString);
        var fault = new LoseFirstCreateResponse(options.ArticlesContainer + "/a1.json");
        using var store = new AzureArticleStore(new AzureStorageClients(options, fault), TimeProvider.System, NullLogger<AzureArticleStore>.Instance);
        await store.UpsertAsync(StoreContractTests.Sample("warm", "bbc", 0)); // creates the container and the table
        var article = StoreContractTests.Sample("a1", "bbc", 1);
        store.Blobs.MarkUnindexed(article.Id); // another write of the same article by this instance, not indexed yet

        var outcome = Assert.Single(await store.UpsertIngestedManyAsync([article]));

        Assert.True(fault.Lost);
        Assert.Equal(UpsertOutcome.Created, outcome.Outcome);
        Assert.Equal(["a1", "warm"], (await store.QueryAsync(new ArticleQuery(Limit: 10))).Select(a => a.Id).Order());
        Assert.Equal(2, (await store.ListSourcesAsync()).Single(s => s.Slug == "bbc").ArticleCount);
        Assert.True(store.Blobs.IsUnindexed(article.Id));
        store.Blobs.Indexed(article.Id);
        Assert.False(store.Blobs.IsUnindexed(article.Id));
    }

    /// <summary>Lets the first conditional create of the blob at <paramref name="path"/> reach storage, then loses its response.</summary>
    private sealed class LoseFirstCreateResponse(string path) : HttpPipelinePolicy
    {
        private int _lost;

        public bool Lost => Volatile.Read(ref _lost) == 1;

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            await ProcessNextAsync(message, pipeline);
            if (message.Request.Method == RequestMethod.Put
                && message.Request.Uri.Path.EndsWith("/" + path, StringComparison.Ordinal)
                && message.Request.Headers.TryGetValue("If-None-Match", out var condition) && condition == "*"
                && message.Response.Status == 201
                && Interlocked.Exchange(ref _lost, 1) == 0)
            {
                throw new IOException("The connection closed before the response arrived (test).");
            }
        }

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
            throw new NotSupportedException("The store sends asynchronously.");
    }
}
