using System.Text;
using FeedRelay.Ingestion;
using FeedRelay.Storage;
using FeedRelay.Storage.Azure;
using Microsoft.Extensions.Logging.Abstractions;

namespace FeedRelay.Tests.Storage;

/// <summary>
/// A seed whose ingestion stopped between the article's blob and its index (storage going away mid-write) is finished by the
/// next ingestion of the same seed: the article reaches the feeds and the counts, and counts as stored then (found in the
/// reliability suite's Azurite restart, where the retried seed was taken for unchanged and never indexed).
/// </summary>
public sealed class AzureInterruptedIngestTests
{
    private const string Seed = "<!--1595136758000-->\n[标题](https://www.rfa.org/a.html)\n------\n\n<p>正文第一段。</p>\n";

    [Fact]
    public async Task A_seed_whose_index_write_failed_is_indexed_when_it_is_ingested_again()
    {
        var clients = await AzureTestStorage.NewClientsAsync();
        var bytes = Encoding.UTF8.GetBytes(Seed);

        // The same articles container, but an index table that cannot exist: the blob is written, the index write fails.
        using (var broken = AzureTestStorage.OpenStore(AzureTestStorage.Clients(clients.Options with { IndexTable = "no-such-table!" })))
        {
            await Assert.ThrowsAsync<Azure.RequestFailedException>(() => Ingestion(broken, clients).IngestAsync("a.md", bytes));
        }

        using var store = AzureTestStorage.OpenStore(clients);
        Assert.Empty(await store.QueryAsync(new ArticleQuery(Limit: 10)));
        var listener = new Recorder();

        var outcome = await Ingestion(store, clients, listener).IngestAsync("a.md", bytes);

        Assert.Equal(IngestStatus.Created, outcome.Status);
        Assert.Equal([outcome.ArticleId], (await store.QueryAsync(new ArticleQuery(Limit: 10))).Select(a => a.Id));
        Assert.Equal(1, (await store.ListSourcesAsync()).Sum(s => s.ArticleCount));
        Assert.Equal(1, (await store.CountByTranslationLevelAsync())![IArticleStore.Untranslated]);
        Assert.Equal([(outcome.ArticleId!, UpsertOutcome.Created)], listener.Stored);

        // Once complete, the same seed again is unchanged, and listeners are told so (they finish only what was left).
        Assert.Equal(IngestStatus.Unchanged, (await Ingestion(store, clients, listener).IngestAsync("a.md", bytes)).Status);
        Assert.Equal([(outcome.ArticleId!, UpsertOutcome.Created), (outcome.ArticleId!, UpsertOutcome.Unchanged)], listener.Stored);
    }

    private static IngestionService Ingestion(IArticleStore store, AzureStorageClients clients, IIngestListener? listener = null) =>
        new(new IngestionOptions(), new ArticleNormaliser(), store, new AzureQuarantine(clients), TimeProvider.System,
            NullLogger<IngestionService>.Instance, listener is null ? null : [listener]);

    private sealed class Recorder : IIngestListener
    {
        public List<(string Id, UpsertOutcome Outcome)> Stored { get; } = [];

        public Task ArticleStoredAsync(Article article, UpsertOutcome outcome, CancellationToken cancellationToken)
        {
            Stored.Add((article.Id, outcome));
            return Task.CompletedTask;
        }
    }
}
