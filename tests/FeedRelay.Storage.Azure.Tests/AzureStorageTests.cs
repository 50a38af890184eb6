using System.Text;
using System.Text.Json;
using Azure.Storage.Queues;
using FeedRelay.Storage;
using FeedRelay.Storage.Azure;

namespace FeedRelay.Tests.Storage;

/// <summary>What only the Azure backend promises: several instances on one account, the translation table and queue.</summary>
public sealed class AzureStorageTests
{
    [Fact]
    public async Task Two_instances_ingesting_the_same_articles_at_once_store_and_count_each_exactly_once()
    {
        var clients = await AzureTestStorage.NewClientsAsync();
        using var first = AzureTestStorage.OpenStore(clients);
        using var second = AzureTestStorage.OpenStore(clients);
        var articles = Enumerable.Range(0, 20).Select(i => StoreContractTests.Sample("id" + i, i % 2 == 0 ? "bbc" : "dw", i)).ToList();

        var outcomes = await Task.WhenAll(articles.SelectMany(a => new[] { first, second }.Select(store => Task.Run(() => store.UpsertAsync(a)))));

        // One instance creates each blob. The other finds it either indexed (unchanged) or not yet, and then indexes it as well
        // (it cannot tell a write in progress from one that died): it reports it stored, so notifications are at least once.
        Assert.All(outcomes.Chunk(2), pair => Assert.Contains(UpsertOutcome.Created, pair));
        Assert.DoesNotContain(UpsertOutcome.Updated, outcomes);
        using var third = AzureTestStorage.OpenStore(clients);
        Assert.Equal(articles.Select(a => a.Id).Order(), (await third.QueryAsync(new ArticleQuery(Limit: 100))).Select(a => a.Id).Order());
        Assert.Equal(articles.Count, (await third.ListSourcesAsync()).Sum(s => s.ArticleCount));
        Assert.Equal(articles.Count, (await third.CountByTranslationLevelAsync())![IArticleStore.Untranslated]);
    }

    [Fact]
    public async Task Concurrent_different_updates_are_all_decided_on_the_latest_version()
    {
        var clients = await AzureTestStorage.NewClientsAsync();
        using var first = AzureTestStorage.OpenStore(clients);
        using var second = AzureTestStorage.OpenStore(clients);
        var original = StoreContractTests.Sample("a1", "bbc", 0);
        await first.UpsertAsync(original);
        var edits = Enumerable.Range(0, 6).Select(i => original with { Title = "Edit " + i }).ToList();

        var outcomes = await Task.WhenAll(edits.Select((edit, i) => Task.Run(() => (i % 2 == 0 ? first : second).UpsertAsync(edit))));

        // No write was lost blindly: every edit was either written or found already present, and the blob holds one of them.
        Assert.All(outcomes, o => Assert.Equal(UpsertOutcome.Updated, o));
        var stored = await second.GetAsync("a1");
        Assert.Contains(stored!.Title, edits.Select(e => e.Title));
        Assert.Equal([stored.Title], (await first.QueryAsync(new ArticleQuery())).Select(a => a.Title));
    }

    [Fact]
    public async Task A_reader_sees_what_another_instance_stored_at_once()
    {
        var clients = await AzureTestStorage.NewClientsAsync();
        using var writer = AzureTestStorage.OpenStore(clients);
        using var reader = AzureTestStorage.OpenStore(clients);
        Assert.Empty(await reader.QueryAsync(new ArticleQuery()));

        await writer.UpsertAsync(StoreContractTests.Sample("a1", "bbc", 0));
        Assert.Equal("Title of a1 — 标题", Assert.Single(await reader.QueryAsync(new ArticleQuery())).Title);
        await writer.UpsertAsync(StoreContractTests.Sample("a1", "bbc", 0) with { Title = "Changed" });

        Assert.Equal("Changed", (await reader.GetAsync("a1"))!.Title);
        Assert.Equal("Changed", Assert.Single(await reader.QueryAsync(new ArticleQuery())).Title);
    }

    [Fact]
    public async Task Translation_cache_round_trips_short_and_long_values_and_odd_keys()
    {
        var clients = await AzureTestStorage.NewClientsAsync();
        var cache = new AzureTranslationCache(clients);
        var longValue = string.Concat(Enumerable.Range(0, 7000).Select(i => "段落 " + i + " "));
        var entries = new Dictionary<string, string>
        {
            ["en/abc#1?x\\y"] = "Hello",
            ["en/long"] = longValue,
        };

        await cache.SetManyAsync(entries);
        var found = await cache.GetManyAsync(["en/abc#1?x\\y", "en/long", "en/missing"]);

        Assert.Equal(2, found.Count);
        Assert.Equal("Hello", found["en/abc#1?x\\y"]);
        Assert.True(longValue.Length > 32_000);
        Assert.Equal(longValue, found["en/long"]);
    }

    [Fact]
    public async Task Translation_requests_are_base64_json_messages_as_the_queue_trigger_expects()
    {
        var clients = await AzureTestStorage.NewClientsAsync();
        await new AzureTranslationQueue(clients).EnqueueAsync(new TranslationRequest("a1", 2));

        // Read with no decoding, as the Functions queue extension sees the raw body.
        var raw = new QueueClient((await AzuriteServer.Shared).ConnectionString, clients.Options.TranslateQueue);
        var message = (await raw.ReceiveMessageAsync()).Value;
        var json = Encoding.UTF8.GetString(Convert.FromBase64String(message.MessageText));

        var request = JsonSerializer.Deserialize<TranslationRequest>(json, JsonSerializerOptions.Web);
        Assert.Equal(new TranslationRequest("a1", 2), request);
    }
}
