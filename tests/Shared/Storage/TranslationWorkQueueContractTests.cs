using FeedRelay.Storage;
using Microsoft.Extensions.Time.Testing;

namespace FeedRelay.Tests.Storage;

/// <summary>What every locally drained translation queue must do (file and SQLite), run by a subclass; each test has its own storage.</summary>
public abstract class TranslationWorkQueueContractTests
{
    /// <summary>A fake clock the queue under test reads.</summary>
    protected FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero));

    /// <summary>A queue over this test's storage; a second call is a restart over the same storage.</summary>
    protected abstract ITranslationWorkQueue Open();

    [Fact]
    public async Task A_parked_item_keeps_its_reason_and_waits_and_a_new_enqueue_makes_it_due()
    {
        var queue = Open();
        await queue.EnqueueAsync(new TranslationRequest("a1"));
        var item = await queue.NextDueAsync();
        Assert.Equal("a1", item?.ArticleId);

        await queue.ParkAsync(item!, "Translator returned 503", Clock.GetUtcNow().AddHours(1));

        Assert.Null(await queue.NextDueAsync());
        var parked = Assert.Single(await queue.ListAsync(10));
        Assert.Equal((1, "Translator returned 503"), (parked.Attempt, parked.Reason));
        Assert.Equal(new TranslationQueueCounts(0, 1), await queue.CountAsync());

        Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal("a1", (await queue.NextDueAsync())?.ArticleId);

        await queue.EnqueueAsync(new TranslationRequest("a1"));
        Assert.Equal(new TranslationQueueCounts(1, 0), await queue.CountAsync());
    }

    [Fact]
    public async Task Parked_items_are_listed_behind_any_number_of_due_ones_and_the_counts_follow_every_change()
    {
        var queue = Open();
        await queue.EnqueueAsync(new TranslationRequest("parked-1"));
        await queue.EnqueueAsync(new TranslationRequest("parked-2"));
        await queue.ParkAsync((await queue.NextDueAsync())!, "Translator returned 503", Clock.GetUtcNow().AddHours(2));
        await queue.ParkAsync((await queue.NextDueAsync())!, "Translator returned 429", Clock.GetUtcNow().AddHours(1));
        for (var i = 0; i < 60; i++)
        {
            await queue.EnqueueAsync(new TranslationRequest($"due-{i:D2}"));
        }

        Assert.Equal(["parked-2", "parked-1"], (await queue.ListParkedAsync(50)).Select(i => i.ArticleId));
        Assert.Equal(["parked-2"], (await queue.ListParkedAsync(1)).Select(i => i.ArticleId));
        Assert.Equal(new TranslationQueueCounts(60, 2), await queue.CountAsync());

        // Queued again (the article changed): pending, not parked. Enqueued twice: counted once.
        await queue.EnqueueAsync(new TranslationRequest("parked-1"));
        await queue.EnqueueAsync(new TranslationRequest("due-00"));
        Assert.Equal(["parked-2"], (await queue.ListParkedAsync(50)).Select(i => i.ArticleId));
        Assert.Equal(new TranslationQueueCounts(61, 1), await queue.CountAsync());

        await queue.CompleteAsync((await queue.NextDueAsync())!);
        var reopened = Open();
        Assert.Equal(new TranslationQueueCounts(60, 1), await reopened.CountAsync());
    }

    [Fact]
    public async Task Ensuring_an_article_is_queued_keeps_an_item_already_queued_as_it_is()
    {
        var queue = Open();
        await queue.EnqueueAsync(new TranslationRequest("parked"));
        await queue.ParkAsync((await queue.NextDueAsync())!, "Translator returned 503", Clock.GetUtcNow().AddHours(1));

        await queue.EnsureQueuedAsync(new TranslationRequest("parked"));
        await queue.EnsureQueuedAsync(new TranslationRequest("new"));
        await queue.EnsureQueuedAsync(new TranslationRequest("new"));

        var items = (await queue.ListAsync(10)).ToDictionary(i => i.ArticleId);
        Assert.Equal(["new", "parked"], items.Keys.Order());
        Assert.Equal((1, "Translator returned 503", Clock.GetUtcNow().AddHours(1)), (items["parked"].Attempt, items["parked"].Reason, items["parked"].NotBefore));
        Assert.Equal("new", (await queue.NextDueAsync())?.ArticleId);
        Assert.Equal(new TranslationQueueCounts(1, 1), await queue.CountAsync());
    }

    [Fact]
    public async Task Completing_an_item_does_not_drop_a_newer_enqueue_of_the_same_article()
    {
        var queue = Open();
        await queue.EnqueueAsync(new TranslationRequest("a1"));
        var working = (await queue.NextDueAsync())!;
        await queue.EnqueueAsync(new TranslationRequest("a1"));

        await queue.CompleteAsync(working);
        Assert.Single(await queue.ListAsync(10));

        await queue.CompleteAsync((await queue.NextDueAsync())!);
        Assert.Empty(await queue.ListAsync(10));
    }

    [Fact]
    public async Task A_delayed_item_is_due_only_after_its_delay_and_items_come_soonest_first_across_a_restart()
    {
        var queue = Open();
        await queue.EnqueueAsync(new TranslationRequest("later"), TimeSpan.FromMinutes(30));
        Clock.Advance(TimeSpan.FromMinutes(1));
        await queue.EnqueueAsync(new TranslationRequest("b"));
        Clock.Advance(TimeSpan.FromMinutes(1));
        await queue.EnqueueAsync(new TranslationRequest("a"));

        var reopened = Open();
        Assert.Equal(["b", "a", "later"], (await reopened.ListAsync(10)).Select(i => i.ArticleId));
        Assert.Equal(["b", "a"], (await reopened.ListAsync(2)).Select(i => i.ArticleId));

        await reopened.CompleteAsync((await reopened.NextDueAsync())!);
        await reopened.CompleteAsync((await reopened.NextDueAsync())!);
        Assert.Null(await reopened.NextDueAsync());

        Clock.Advance(TimeSpan.FromMinutes(28));
        Assert.Equal("later", (await reopened.NextDueAsync())?.ArticleId);
    }
}
