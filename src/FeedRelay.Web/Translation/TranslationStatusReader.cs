using FeedRelay.Storage;
using FeedRelay.Translation;
using Microsoft.Extensions.Options;
using static FeedRelay.Web.Translation.TranslationEndpoints;

namespace FeedRelay.Web.Translation;

/// <summary>Reads the translation status from counters the parts keep (never by reading the archive).</summary>
public sealed class TranslationStatusReader(
    TranslationStep step,
    TranslationMetrics metrics,
    ITranslationUsage usage,
    IEnumerable<ITranslationWorkQueue> queues,
    IArticleStore store,
    IOptions<TranslationOptions> options,
    TimeProvider clock)
{
    /// <summary>The current report.</summary>
    public async Task<TranslationStatusReport> ReadAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!step.IsEnabled)
        {
            return new TranslationStatusReport(false, settings.TargetLanguage, null, null, null, null);
        }

        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var used = await usage.GetAsync(today, cancellationToken).ConfigureAwait(false);
        var budget = new BudgetReport(today, settings.DailyCharacterBudget, used,
            settings.DailyCharacterBudget > 0 ? Math.Max(0, settings.DailyCharacterBudget - used) : null);

        QueueReport? queueReport = null;
        if (queues.LastOrDefault() is { } queue)
        {
            var counts = await queue.CountAsync(cancellationToken).ConfigureAwait(false);
            var parked = (await queue.ListParkedAsync(MaxParkedListed, cancellationToken).ConfigureAwait(false))
                .Select(i => new ParkedItem(i.ArticleId, i.Attempt, i.NotBefore, i.Reason!)).ToList();
            queueReport = new QueueReport(counts.Pending, counts.Parked, parked);
        }

        var sources = await store.ListSourcesAsync(cancellationToken).ConfigureAwait(false);
        var levels = await store.CountByTranslationLevelAsync(cancellationToken).ConfigureAwait(false);
        return new TranslationStatusReport(true, settings.TargetLanguage,
            new UsageReport(metrics.CharactersBilled, metrics.CacheHits, metrics.Requests, metrics.Failures, metrics.Retries, metrics.MeanLatency.TotalMilliseconds),
            budget, queueReport, new ArticlesReport(sources.Sum(s => s.ArticleCount), levels));
    }
}
