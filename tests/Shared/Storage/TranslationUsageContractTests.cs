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
}
