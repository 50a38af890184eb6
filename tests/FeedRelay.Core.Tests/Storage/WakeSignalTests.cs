using FeedRelay.Storage;
using Microsoft.Extensions.Time.Testing;

namespace FeedRelay.Tests.Storage;

public sealed class WakeSignalTests
{
    private static readonly TimeSpan Long = TimeSpan.FromHours(1);

    // Only a guard against hanging when the signal is broken: a working signal completes at once.
    private static readonly TimeSpan Guard = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task A_set_before_the_wait_is_remembered_and_many_sets_count_as_one()
    {
        var signal = new WakeSignal(TimeProvider.System);
        signal.Set();
        signal.Set();

        await signal.WaitAsync(Long, CancellationToken.None).WaitAsync(Guard);
        var second = signal.WaitAsync(Long, CancellationToken.None);

        Assert.False(second.IsCompleted);
        signal.Set();
        await second.WaitAsync(Guard);
    }

    [Fact]
    public async Task A_wait_ends_quietly_at_its_timeout_on_the_given_clock_and_throws_only_for_the_callers_cancellation()
    {
        var clock = new FakeTimeProvider();
        var signal = new WakeSignal(clock);
        var timed = signal.WaitAsync(TimeSpan.FromMinutes(5), CancellationToken.None);
        clock.Advance(TimeSpan.FromMinutes(4));
        Assert.False(timed.IsCompleted);
        clock.Advance(TimeSpan.FromMinutes(1));
        await timed.WaitAsync(Guard);

        using var cancel = new CancellationTokenSource();
        var waiting = signal.WaitAsync(Long, cancel.Token);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
    }
}
