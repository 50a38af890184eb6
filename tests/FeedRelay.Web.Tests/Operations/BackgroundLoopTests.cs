using FeedRelay.Web.Operations;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace FeedRelay.Tests.Operations;

/// <summary>The one loop shape: failures are caught, counted, reported and backed off on the injected clock; success heals.</summary>
public sealed class BackgroundLoopTests
{
    [Fact]
    public async Task Failing_rounds_back_off_on_the_clock_are_reported_and_a_success_heals_the_part()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero));
        var health = new BackgroundHealth(clock);
        using var loop = new ScriptedLoop(health, clock, failures: 3);
        await loop.StartAsync(CancellationToken.None);

        await Eventually.WaitAsync(() => loop.Waits == 1, "the first round and its back-off wait");
        Assert.True(health.IsDegraded);
        // The exception's type, not its message: the report is anonymous, and messages carry paths and request details.
        Assert.Equal("failing since 2026-11-29T12:00:00Z: InvalidOperationException", health.Report()["scripted"]);

        // Back-off: 1 s after the first failure, 2 s after the second, 4 s after the third; nothing runs earlier.
        foreach (var (backoff, round) in new[] { (1, 2), (2, 3), (4, 4) })
        {
            clock.Advance(TimeSpan.FromSeconds(backoff) - TimeSpan.FromMilliseconds(1));
            Assert.Equal(round - 1, loop.Rounds);
            clock.Advance(TimeSpan.FromMilliseconds(1));
            await Eventually.WaitAsync(() => loop.Waits == round, $"round {round} after {backoff} s, and its wait");
        }

        Assert.False(health.IsDegraded);
        Assert.Equal("ok", health.Report()["scripted"]);
        Assert.Equal(3, health.Failures("scripted"));
        await loop.StopAsync(CancellationToken.None);
    }

    [Fact]
    public void A_failure_is_reported_by_its_type_and_kind_never_by_its_message()
    {
        var health = new BackgroundHealth(new FakeTimeProvider(new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero)));
        health.Failed("watcher", new IOException("Access to the path '/srv/feedrelay/secret/seed.md' is denied."));
        health.Failed("translator", new HttpRequestException("Connection refused (translator.internal:443)"));
        health.Failed("websub", new TaskCanceledException("The operation was canceled.", new IOException("Unable to read data from the transport connection")));

        Assert.Equal("failing since 2026-11-29T12:00:00Z: IOException (the disk is failing)", health.Report()["watcher"]);
        Assert.Equal("failing since 2026-11-29T12:00:00Z: HttpRequestException (a dependency cannot be reached)", health.Report()["translator"]);
        Assert.Equal("failing since 2026-11-29T12:00:00Z: TaskCanceledException (a dependency did not answer in time)", health.Report()["websub"]);
    }

    [Fact]
    public void Back_off_doubles_up_to_its_ceiling()
    {
        Assert.Equal(TimeSpan.FromSeconds(1), BackgroundLoop.Backoff(1));
        Assert.Equal(TimeSpan.FromSeconds(8), BackgroundLoop.Backoff(4));
        Assert.Equal(BackgroundLoop.MaxBackoff, BackgroundLoop.Backoff(40));
    }

    [Fact]
    public async Task A_wait_that_fails_is_reported_and_backed_off_and_the_loop_goes_on()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero));
        var health = new BackgroundHealth(clock);
        using var loop = new FailingWaitLoop(health, clock);
        await loop.StartAsync(CancellationToken.None);

        await Eventually.WaitAsync(() => health.IsDegraded, "the failed wait to be reported");
        Assert.Equal("failing since 2026-11-29T12:00:00Z: InvalidOperationException", health.Report()["waiting"]);
        Assert.Equal(1, loop.Rounds);

        // The back-off (on the clock: it moves only when the test moves it), then the next round, which heals the part.
        await Eventually.WaitAsync(() =>
        {
            clock.Advance(TimeSpan.FromMilliseconds(250));
            return loop.Rounds == 2 && !health.IsDegraded;
        }, "the round after the back-off");
        Assert.Equal(1, health.Failures("waiting"));
        await loop.StopAsync(CancellationToken.None);
    }

    /// <summary>Its first wait throws (as a wait that wakes on events might); every round succeeds.</summary>
    private sealed class FailingWaitLoop(BackgroundHealth health, TimeProvider clock)
        : BackgroundLoop("waiting", health, clock, NullLogger.Instance)
    {
        private int _rounds;
        private int _waits;

        public int Rounds => Volatile.Read(ref _rounds);

        protected override Task WaitAsync(TimeSpan wait, CancellationToken cancellationToken) =>
            Interlocked.Increment(ref _waits) == 1 ? throw new InvalidOperationException("the watcher's wake-up failed") : base.WaitAsync(wait, cancellationToken);

        protected override Task<TimeSpan> RunOnceAsync(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _rounds);
            return Task.FromResult(TimeSpan.FromDays(1));
        }
    }

    /// <summary>Fails its first <c>failures</c> rounds, then succeeds and waits a day.</summary>
    private sealed class ScriptedLoop(BackgroundHealth health, TimeProvider clock, int failures)
        : BackgroundLoop("scripted", health, clock, NullLogger.Instance)
    {
        private int _rounds;
        private int _waits;

        public int Rounds => Volatile.Read(ref _rounds);

        /// <summary>Waits begun: the round before has been counted in the health report.</summary>
        public int Waits => Volatile.Read(ref _waits);

        protected override Task WaitAsync(TimeSpan wait, CancellationToken cancellationToken)
        {
            var waiting = base.WaitAsync(wait, cancellationToken);
            Interlocked.Increment(ref _waits);
            return waiting;
        }

        protected override Task<TimeSpan> RunOnceAsync(CancellationToken cancellationToken)
        {
            var round = Interlocked.Increment(ref _rounds);
            return round <= failures
                ? throw new InvalidOperationException($"round {round}")
                : Task.FromResult(TimeSpan.FromDays(1));
        }
    }
}
