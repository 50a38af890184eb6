namespace FeedRelay.Web.Operations;

/// <summary>
/// The one shape of every background loop: run a round, wait, repeat. Every exception except shutdown cancellation is
/// caught, logged with the part's name, counted in <see cref="BackgroundHealth"/> (so <c>/api/health</c> reports the part
/// as failing) and followed by an exponential back-off; nothing a round does can end the process. Time comes from the
/// injected <see cref="TimeProvider"/>, so tests drive the waits with a fake clock.
/// </summary>
public abstract partial class BackgroundLoop(string part, BackgroundHealth health, TimeProvider clock, ILogger logger) : BackgroundService
{
    /// <summary>First back-off after a failed round; it doubles per failure in a row up to <see cref="MaxBackoff"/>.</summary>
    public static readonly TimeSpan FirstBackoff = TimeSpan.FromSeconds(1);

    /// <summary>Longest back-off.</summary>
    public static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(5);

    /// <summary>The part's name in <c>/api/health</c>.</summary>
    public string Part => part;

    /// <summary>The clock the loop waits on.</summary>
    protected TimeProvider Clock => clock;

    /// <inheritdoc />
    protected sealed override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!IsEnabled)
        {
            LogDisabled(part);
            return;
        }

        var failures = 0;

        // Counts, reports and logs a failure; returns the back-off before the next round.
        TimeSpan Failed(Exception exception)
        {
            failures++;
            health.Failed(part, exception);
            var backoff = Backoff(failures);
            LogRoundFailed(exception, part, failures, backoff);
            return backoff;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan wait;
            try
            {
                wait = await RunOnceAsync(stoppingToken).ConfigureAwait(false);
                failures = 0;
                health.Succeeded(part);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                wait = Failed(ex);
            }

            try
            {
                await WaitAsync(wait, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // A wait that wakes on events (overridden) failed: counted like a failed round, then a plain wait on the clock.
                try
                {
                    await Task.Delay(Failed(ex), clock, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
            }
        }
    }

    /// <summary>Whether the loop runs at all (false: it is switched off by configuration and ends at once).</summary>
    public virtual bool IsEnabled => true;

    /// <summary>One round; returns how long to wait before the next.</summary>
    protected abstract Task<TimeSpan> RunOnceAsync(CancellationToken cancellationToken);

    /// <summary>Waits <paramref name="wait"/> on the clock; loops woken by events override this to return early.</summary>
    protected virtual Task WaitAsync(TimeSpan wait, CancellationToken cancellationToken) =>
        wait <= TimeSpan.Zero ? Task.CompletedTask : Task.Delay(wait, clock, cancellationToken);

    /// <summary>The back-off after <paramref name="failures"/> failed rounds in a row.</summary>
    public static TimeSpan Backoff(int failures) =>
        TimeSpan.FromTicks(Math.Min(MaxBackoff.Ticks, FirstBackoff.Ticks << Math.Min(failures - 1, 20)));

    [LoggerMessage(Level = LogLevel.Error, Message = "Background part {Part} failed (failure {Failures} in a row); next round in {Wait}")]
    private partial void LogRoundFailed(Exception exception, string part, int failures, TimeSpan wait);

    [LoggerMessage(Level = LogLevel.Information, Message = "Background part {Part} is switched off by configuration")]
    private partial void LogDisabled(string part);
}
