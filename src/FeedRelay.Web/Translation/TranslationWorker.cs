using FeedRelay.Storage;
using FeedRelay.Translation;
using Microsoft.Extensions.Options;

namespace FeedRelay.Web.Translation;

/// <summary>
/// The local translation step: works through the file queue one article at a time. A failed item is parked with its
/// reason and tried again after a growing delay; a budget-degraded one when the budget resets at midnight UTC. Nothing
/// is dropped. At start it queues every article without a current translation, so work lost before a crash comes back.
/// </summary>
public sealed partial class TranslationWorker(
    IServiceProvider services,
    IArticleStore store,
    IOptions<TranslationOptions> options,
    TimeProvider clock,
    ILogger<TranslationWorker> logger) : BackgroundService
{
    private FileTranslationQueue _queue = null!;
    private TranslationProcessor _processor = null!;
    private TranslationSettings _settings = null!;

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.IsEnabled)
        {
            LogDisabled();
            return;
        }

        if (services.GetRequiredService<ITranslationQueue>() is not FileTranslationQueue fileQueue)
        {
            // Another queue (Azure Storage) is served by its own trigger.
            return;
        }

        _queue = fileQueue;
        _processor = services.GetRequiredService<TranslationProcessor>();
        _settings = services.GetRequiredService<TranslationSettings>();
        await SweepAsync(stoppingToken).ConfigureAwait(false);
        var poll = TimeSpan.FromMilliseconds(options.Value.PollIntervalMs);
        while (!stoppingToken.IsCancellationRequested)
        {
            QueuedTranslation? item;
            try
            {
                item = await _queue.NextDueAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (IOException ex)
            {
                LogQueueFailed(ex);
                item = null;
            }

            if (item is null)
            {
                await _queue.WaitAsync(poll, stoppingToken).ConfigureAwait(false);
                continue;
            }

            await WorkAsync(item, stoppingToken).ConfigureAwait(false);
        }
    }

    private async Task WorkAsync(QueuedTranslation item, CancellationToken cancellationToken)
    {
        TranslationOutcome outcome;
        try
        {
            outcome = await _processor.TranslateArticleAsync(item.ArticleId, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Whatever went wrong (disk, configuration, a bug), the item is parked with the reason rather than lost.
            outcome = new TranslationOutcome(TranslationStatus.Failed, null, ex.Message);
        }

        if (outcome.IsDone)
        {
            await _queue.CompleteAsync(item, cancellationToken).ConfigureAwait(false);
            return;
        }

        var retryAt = outcome.Status == TranslationStatus.Degraded ? NextUtcMidnight() : clock.GetUtcNow() + Backoff(item.Attempt);
        var reason = outcome.Reason ?? outcome.Status.ToString();
        LogParked(item.ArticleId, reason, retryAt);
        await _queue.ParkAsync(item, reason, retryAt, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Queues every article whose translation is missing, partial or stale.</summary>
    private async Task SweepAsync(CancellationToken cancellationToken)
    {
        var queued = (await _queue.ListAsync(cancellationToken).ConfigureAwait(false)).Select(i => i.ArticleId).ToHashSet(StringComparer.Ordinal);
        var count = 0;
        foreach (var article in await store.QueryAsync(new ArticleQuery(Limit: int.MaxValue), cancellationToken).ConfigureAwait(false))
        {
            if (!queued.Contains(article.Id)
                && (article.Translation is not { Level: TranslationProcessor.Full } translation || translation.SourceHash != ArticleText.Of(article, _settings).SourceHash))
            {
                await _queue.EnqueueAsync(new TranslationRequest(article.Id), cancellationToken).ConfigureAwait(false);
                count++;
            }
        }

        LogSwept(count);
    }

    private TimeSpan Backoff(int attempt)
    {
        var settings = options.Value;
        var delay = settings.ParkedRetryMs * Math.Pow(2, Math.Min(attempt, 20));
        return TimeSpan.FromMilliseconds(Math.Min(delay, settings.MaxParkedRetryMs));
    }

    private DateTimeOffset NextUtcMidnight() => new DateTimeOffset(clock.GetUtcNow().UtcDateTime.Date, TimeSpan.Zero).AddDays(1);

    [LoggerMessage(Level = LogLevel.Information, Message = "Translation is off (FeedRelay:Translation:Endpoint is empty)")]
    private partial void LogDisabled();

    [LoggerMessage(Level = LogLevel.Information, Message = "Queued {Count} articles without a current translation")]
    private partial void LogSwept(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Parked translation of article {ArticleId} until {RetryAt}: {Reason}")]
    private partial void LogParked(string articleId, string reason, DateTimeOffset retryAt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not read the translation queue")]
    private partial void LogQueueFailed(Exception exception);
}
