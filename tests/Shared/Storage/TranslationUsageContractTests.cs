using FeedRelay.Storage;

namespace FeedRelay.Tests.Storage;

/// <summary>What every daily character budget counter must do, run against each backend by a subclass; each test gets its own storage.</summary>
public abstract class TranslationUsageContractTests
{
    protected static readonly DateOnly Day = new(2026, 11, 22);

    /// <summary>A new counter over this test's storage; a second call is a restart (or another instance) over the same storage.</summary>
    protected abstract ITranslationUsage Open();

    [Fact]
    public async Task Usage_adds_up_per_day_across_restarts()
    {
        var usage = Open();
        await usage.AddAsync(Day, 100);
        await usage.AddAsync(Day.AddDays(1), 7);

        var reopened = Open();
        await reopened.AddAsync(Day, 20);

        Assert.Equal(120, await reopened.GetAsync(Day));
        Assert.Equal(7, await reopened.GetAsync(Day.AddDays(1)));
        Assert.Equal(0, await reopened.GetAsync(Day.AddDays(2)));
    }

    [Fact]
    public async Task Concurrent_adds_are_never_lost()
    {
        var usage = Open();

        await Task.WhenAll(Enumerable.Range(1, 10).Select(i => Task.Run(() => usage.AddAsync(Day, i))));

        Assert.Equal(55, await usage.GetAsync(Day));
    }

    [Fact]
    public async Task A_reservation_is_added_only_within_the_limit_and_senders_at_once_never_pass_it_together()
    {
        var usage = Open();
        Assert.True(await usage.TryAddAsync(Day, 30, limit: 100)); // the row is new
        Assert.False(await usage.TryAddAsync(Day, 80, limit: 100));
        Assert.True(await usage.TryAddAsync(Day, 70, limit: 100)); // exactly at the limit
        Assert.False(await usage.TryAddAsync(Day.AddDays(1), 101, limit: 100));

        var others = Open(); // another instance
        var granted = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => Task.Run(() => others.TryAddAsync(Day.AddDays(2), 10, limit: 50))));

        Assert.Equal(100, await usage.GetAsync(Day));
        Assert.Equal(0, await usage.GetAsync(Day.AddDays(1)));
        Assert.Equal(5, granted.Count(g => g));
        Assert.Equal(50, await usage.GetAsync(Day.AddDays(2)));
    }
}
