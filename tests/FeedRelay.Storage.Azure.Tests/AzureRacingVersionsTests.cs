using FeedRelay.Storage;
using FeedRelay.Storage.Azure;

namespace FeedRelay.Tests.Storage;

/// <summary>
/// Two other instances write two newer versions of an article (each indexing its own transition) while this instance's
/// index flush of an older one is held back. When this instance finds the blob moved on, its counters must take only the
/// last writer's transition (already counted, so skipped by its key), not one transition from its own version to the
/// newest: that would count the middle version's change twice. Made deterministic by running the other instances' writes
/// at the start of this instance's flush.
/// </summary>
public sealed class AzureRacingVersionsTests
{
    [Fact]
    public async Task Counters_count_each_change_once_when_two_versions_overtake_an_index_flush()
    {
        var clients = await AzureTestStorage.NewClientsAsync();
        using var slow = AzureTestStorage.OpenStore(clients);
        using var second = AzureTestStorage.OpenStore(clients);
        using var third = AzureTestStorage.OpenStore(clients);
        var original = StoreContractTests.Sample("a1", "bbc", 1);
        await second.UpsertAsync(original);
        var edited = original with { Title = "Edited" };
        var translated = edited with { Title = "Translated", Translation = new ArticleTranslation { Language = "en", Title = "T", Level = "full" } };
        var trimmed = translated with { Title = "Trimmed", Translation = translated.Translation! with { Level = "title-summary" } };
        var overtaken = false;
        slow.OnIndexing = async ct =>
        {
            if (!overtaken)
            {
                overtaken = true;
                Assert.Equal(UpsertOutcome.Updated, await second.UpsertAsync(translated, ct));
                Assert.Equal(UpsertOutcome.Updated, await third.UpsertAsync(trimmed, ct));
            }
        };

        Assert.Equal(UpsertOutcome.Updated, await slow.UpsertAsync(edited));

        Assert.True(overtaken);
        Assert.Equal("Trimmed", (await slow.GetAsync("a1"))!.Title);
        var levels = (await slow.CountByTranslationLevelAsync())!.Where(l => l.Value != 0).ToDictionary();
        Assert.Equal(new Dictionary<string, long> { ["title-summary"] = 1 }, levels);
        Assert.Equal(1, (await slow.ListSourcesAsync()).Single(s => s.Slug == "bbc").ArticleCount);
    }
}
