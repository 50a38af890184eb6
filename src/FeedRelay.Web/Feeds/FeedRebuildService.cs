using System.Collections.Concurrent;
using FeedRelay.Feeds;
using FeedRelay.Web.Operations;
using Microsoft.Extensions.Options;

namespace FeedRelay.Web.Feeds;

/// <summary>
/// The standalone server's feed rebuilder (Azure mode): changed feeds are collected in memory, and
/// <see cref="FeedServingOptions.RebuildDelayMs"/> after the first change of a burst every collected feed is rebuilt once
/// (<see cref="FeedMaterialiser"/>). A failed round keeps its feeds for the next one, after the loop's back-off; the part
/// is <c>feeds</c> in <c>/api/health</c>.
/// </summary>
public sealed class FeedRebuildService : BackgroundLoop, IFeedRebuildQueue
{
    /// <summary>The part's name in <c>/api/health</c>.</summary>
    public const string PartName = "feeds";

    private readonly FeedMaterialiser _materialiser;
    private readonly TimeSpan _delay;
    private readonly ConcurrentDictionary<string, byte> _pending = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _rebuilt = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _signal = new(0, 1);
    private readonly Lock _signalLock = new();

    /// <summary>Creates the service.</summary>
    public FeedRebuildService(
        FeedMaterialiser materialiser, IOptions<FeedServingOptions> options, BackgroundHealth health, TimeProvider clock, ILogger<FeedRebuildService> logger)
        : base(PartName, health, clock, logger)
    {
        _materialiser = materialiser;
        _delay = TimeSpan.FromMilliseconds(options.Value.RebuildDelayMs);
    }

    /// <inheritdoc />
    public override bool IsEnabled => _materialiser.IsEnabled;

    /// <summary>Feeds waiting for their rebuild.</summary>
    public int Pending => _pending.Count;

    /// <summary>
    /// The feeds whose stored documents changed since the last call (for the WebSub notifier, which announces a feed only
    /// once readers, and the hub, can fetch its new documents).
    /// </summary>
    public IReadOnlyList<string> TakeRebuilt()
    {
        var taken = new List<string>();
        foreach (var feed in _rebuilt.Keys)
        {
            if (_rebuilt.TryRemove(feed, out _))
            {
                taken.Add(feed);
            }
        }

        return taken;
    }

    /// <inheritdoc />
    public Task RequestAsync(IReadOnlyCollection<string> feeds, CancellationToken cancellationToken = default)
    {
        if (!IsEnabled)
        {
            return Task.CompletedTask;
        }

        foreach (var feed in feeds)
        {
            _pending.TryAdd(feed, 0);
        }

        Signal();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        _signal.Dispose();
        base.Dispose();
    }

    /// <inheritdoc />
    protected override async Task<TimeSpan> RunOnceAsync(CancellationToken cancellationToken)
    {
        lock (_signalLock)
        {
            // Changes signalled while this round waited are all taken now; only a change from here on wakes the next round.
            _signal.Wait(0, CancellationToken.None);
        }

        var feeds = _pending.Keys.Order(StringComparer.Ordinal).ToList();
        for (var i = 0; i < feeds.Count; i++)
        {
            // Taken off before the build reads the index: a change during the build asks again and is not lost.
            _pending.TryRemove(feeds[i], out _);
            try
            {
                if (await _materialiser.RebuildAsync(feeds[i], cancellationToken).ConfigureAwait(false) > 0)
                {
                    _rebuilt.TryAdd(feeds[i], 0);
                }
            }
            catch
            {
                foreach (var feed in feeds.Skip(i))
                {
                    _pending.TryAdd(feed, 0);
                }

                Signal();
                throw;
            }
        }

        return TimeSpan.Zero;
    }

    /// <summary>Waits out a back-off, then until some feed changed, then <see cref="FeedServingOptions.RebuildDelayMs"/> for the rest of the burst.</summary>
    protected override async Task WaitAsync(TimeSpan wait, CancellationToken cancellationToken)
    {
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, Clock, cancellationToken).ConfigureAwait(false);
        }

        await _signal.WaitAsync(cancellationToken).ConfigureAwait(false);
        if (_delay > TimeSpan.Zero)
        {
            await Task.Delay(_delay, Clock, cancellationToken).ConfigureAwait(false);
        }
    }

    private void Signal()
    {
        lock (_signalLock)
        {
            if (_signal.CurrentCount == 0)
            {
                _signal.Release();
            }
        }
    }
}
