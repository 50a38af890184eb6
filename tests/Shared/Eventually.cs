namespace FeedRelay.Tests;

/// <summary>
/// The one way tests wait for something asynchronous: probe until a condition holds, failing with what was awaited and
/// the last value seen once the deadline passes. Probes are paced by a periodic timer; no test sleeps a fixed time.
/// </summary>
internal static class Eventually
{
    /// <summary>How long a wait may take before the test fails; generous, because CI machines are slow and shared.</summary>
    public static readonly TimeSpan DefaultDeadline = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(25);

    /// <summary>Probes <paramref name="probe"/> until <paramref name="done"/> holds for its value, and returns that value.</summary>
    public static async Task<T> WaitAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what, TimeSpan? deadline = null)
    {
        using var timeout = new CancellationTokenSource(deadline ?? DefaultDeadline);
        using var timer = new PeriodicTimer(Interval);
        var last = await probe();
        while (!done(last))
        {
            try
            {
                await timer.WaitForNextTickAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new Xunit.Sdk.XunitException($"Timed out after {(deadline ?? DefaultDeadline).TotalSeconds:0} s waiting for {what}; last seen:\n{last}");
            }

            last = await probe();
        }

        return last;
    }

    /// <summary>Waits until <paramref name="condition"/> holds.</summary>
    public static Task WaitAsync(Func<bool> condition, string what, TimeSpan? deadline = null) =>
        WaitAsync(() => Task.FromResult(condition()), done => done, what, deadline);

    /// <summary>
    /// Checks that <paramref name="condition"/> stays true while <paramref name="observe"/> more rounds of the system under
    /// test pass, as reported by <paramref name="rounds"/> (a counter the system advances), so that "nothing more happens" is
    /// observed over real work rather than over a guessed time.
    /// </summary>
    public static async Task StaysAsync(Func<bool> condition, Func<long> rounds, int observe, string what)
    {
        var start = rounds();
        await WaitAsync(() => !condition() || rounds() >= start + observe, $"{observe} more rounds while {what}");
        Assert.True(condition(), what);
    }
}
