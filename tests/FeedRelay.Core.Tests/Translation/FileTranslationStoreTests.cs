using FeedRelay.Storage;
using Microsoft.Extensions.Time.Testing;

namespace FeedRelay.Tests.Translation;

public sealed class FileTranslationStoreTests
{
    [Fact]
    public async Task The_cache_survives_a_restart()
    {
        using var folder = TestPaths.NewTempFolder();
        var options = new FileStoreOptions { DataPath = folder.Path };
        var key = new string('a', 64);
        await new FileTranslationCache(options).SetManyAsync(new Dictionary<string, string> { [key] = "Central bank cuts rates" });

        var found = await new FileTranslationCache(options).GetManyAsync([key, new string('b', 64)]);

        Assert.Equal(new Dictionary<string, string> { [key] = "Central bank cuts rates" }, found);
    }

    [Fact]
    public async Task A_parked_item_keeps_its_reason_and_waits_and_a_new_enqueue_makes_it_due()
    {
        using var folder = TestPaths.NewTempFolder();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));
        using var queue = new FileTranslationQueue(new FileStoreOptions { DataPath = folder.Path }, clock);
        await queue.EnqueueAsync(new TranslationRequest("a1"));
        var item = await queue.NextDueAsync();
        Assert.Equal("a1", item?.ArticleId);

        await queue.ParkAsync(item!, "unavailable: Translator returned 503", clock.GetUtcNow().AddHours(1));

        Assert.Null(await queue.NextDueAsync());
        var parked = Assert.Single(await queue.ListAsync());
        Assert.Equal((1, "unavailable: Translator returned 503"), (parked.Attempt, parked.Reason));
        clock.Advance(TimeSpan.FromMinutes(59));
        Assert.Null(await queue.NextDueAsync());
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal("a1", (await queue.NextDueAsync())?.ArticleId);
        await queue.ParkAsync((await queue.ListAsync())[0], "unavailable: again", clock.GetUtcNow().AddHours(1));

        await queue.EnqueueAsync(new TranslationRequest("a1"));
        Assert.Equal("a1", (await queue.NextDueAsync())?.ArticleId);
    }

    [Fact]
    public async Task Completing_an_item_does_not_drop_a_newer_enqueue_of_the_same_article()
    {
        using var folder = TestPaths.NewTempFolder();
        using var queue = new FileTranslationQueue(new FileStoreOptions { DataPath = folder.Path }, new FakeTimeProvider());
        await queue.EnqueueAsync(new TranslationRequest("a1"));
        var working = (await queue.NextDueAsync())!;
        await queue.EnqueueAsync(new TranslationRequest("a1"));

        await queue.CompleteAsync(working);
        Assert.Single(await queue.ListAsync());

        await queue.CompleteAsync((await queue.NextDueAsync())!);
        Assert.Empty(await queue.ListAsync());
    }
}
