using FeedRelay.Storage;
using FeedRelay.Translation;
using Microsoft.Extensions.Options;

namespace FeedRelay.Web.Translation;

/// <summary>
/// The local translation step: works through the local work queue (SQLite) one article at a time. A failed item is parked
/// with its reason and tried again after a growing delay (or when the Translator's <c>Retry-After</c> says); a
/// budget-degraded one when the budget resets at midnight UTC. Nothing is dropped. The queue is durable and every ingest of
/// a new or changed article queues it, so no start-up sweep over the archive is needed. With Azure storage, work flows
/// through the Azure queue and its trigger instead, and this loop does not run.
/// </summary>
public sealed partial class TranslationWorker(
    TranslationStep step,
    IEnumerable<ITranslationWorkQueue> queues,
    IOptions<TranslationOptions> options,
    BackgroundHealth health,
    TimeProvider clock,
    ILogger<TranslationWorker> logger) : BackgroundLoop("translation", health, clock, logger)
{
    private readonly ITranslationWorkQueue? _queue = queues.LastOrDefault();

    /// <inheritdoc />
    public override bool IsEnabled => step.IsEnabled && _queue is not null;

    /// <inheritdoc />
    protected override async Task<TimeSpan> RunOnceAsync(CancellationToken cancellationToken)
    {
        var item = await _queue!.NextDueAsync(cancellationToken).ConfigureAwait(false);
        if (item is null)
        {
            return TimeSpan.FromMilliseconds(options.Value.PollIntervalMs);
        }

        TranslationOutcome outcome;
        try
        {
            outcome = await step.ProcessAsync(new TranslationRequest(item.ArticleId, item.Attempt), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Whatever went wrong (disk, configuration, a bug), the item is parked with the reason rather than lost.
            outcome = new TranslationOutcome(TranslationStatus.Failed, null, $"{ex.GetType().Name}: {ex.Message}");
        }

        if (outcome.IsDone)
        {
            await _queue.CompleteAsync(item, cancellationToken).ConfigureAwait(false);
            return TimeSpan.Zero;
        }

        var retryAt = outcome.Status == TranslationStatus.Degraded ? NextUtcMidnight() : Clock.GetUtcNow() + TranslationRetryDelay.For(options.Value, item.Attempt, outcome.Failure);
        var reason = outcome.Reason ?? outcome.Status.ToString();
        LogParked(item.ArticleId, reason, retryAt);
        await _queue.ParkAsync(item, reason, retryAt, cancellationToken).ConfigureAwait(false);
        return TimeSpan.Zero;
    }

    /// <summary>Waits for the next poll, or less when something is enqueued.</summary>
    protected override Task WaitAsync(TimeSpan wait, CancellationToken cancellationToken) =>
        wait <= TimeSpan.Zero ? Task.CompletedTask : _queue!.WaitAsync(wait, cancellationToken);

    private DateTimeOffset NextUtcMidnight() => new DateTimeOffset(Clock.GetUtcNow().UtcDateTime.Date, TimeSpan.Zero).AddDays(1);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Parked translation of article {ArticleId} until {RetryAt}: {Reason}")]
    private partial void LogParked(string articleId, string reason, DateTimeOffset retryAt);
}
