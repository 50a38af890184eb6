using System.Threading.Channels;

namespace FeedRelay.Storage;

/// <summary>
/// Wakes one waiting consumer when work arrives, without a poll: <see cref="Set"/> is remembered until the next wait (any
/// number of sets in between count as one), and a wait gives up after its timeout so the consumer still looks now and then.
/// </summary>
/// <param name="clock">The clock a wait's timeout runs on (a fake one in tests).</param>
public sealed class WakeSignal(TimeProvider clock)
{
    private readonly Channel<bool> _signal = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>Wakes the current or the next waiter.</summary>
    public void Set() => _signal.Writer.TryWrite(true);

    /// <summary>Waits until <see cref="Set"/> or until <paramref name="timeout"/> passes; throws only when <paramref name="cancellationToken"/> is cancelled.</summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var timeUp = new CancellationTokenSource(timeout, clock);
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeUp.Token);
        try
        {
            await _signal.Reader.WaitToReadAsync(timer.Token).ConfigureAwait(false);
            _signal.Reader.TryRead(out _);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
        }
    }
}
