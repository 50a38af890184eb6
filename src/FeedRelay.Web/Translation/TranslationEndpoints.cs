using FeedRelay.Storage;
using FeedRelay.Translation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace FeedRelay.Web.Translation;

/// <summary><c>GET /api/translation/status</c>: what the translation step has done, spent and still has to do.</summary>
public static class TranslationEndpoints
{
    /// <summary>GET <see cref="Routes.TranslationStatus"/>.</summary>
    public static async Task<Ok<TranslationStatusReport>> GetStatusAsync(TranslationStatusReader status, CancellationToken cancellationToken) =>
        TypedResults.Ok(await status.ReadAsync(cancellationToken));

    /// <summary>Most parked items listed in the report (the counts cover them all).</summary>
    public const int MaxParkedListed = 50;

    /// <summary>Body of <c>/api/translation/status</c>.</summary>
    public sealed record TranslationStatusReport(bool Enabled, string TargetLanguage, UsageReport? Usage, BudgetReport? Budget, QueueReport? Queue, ArticlesReport? Articles);

    /// <summary>Counts since this process started.</summary>
    public sealed record UsageReport(long CharactersBilled, long CacheHits, long Requests, long Failures, long Retries, double MeanLatencyMs);

    /// <summary>Today's (UTC) character budget; <c>Remaining</c> is null without a limit.</summary>
    public sealed record BudgetReport(DateOnly Day, long DailyCharacterBudget, long CharactersUsed, long? Remaining);

    /// <summary>Work waiting in the local queue, with (at most <see cref="MaxParkedListed"/> of) the parked items and why they failed.</summary>
    public sealed record QueueReport(int Pending, int Parked, IReadOnlyList<ParkedItem> ParkedItems);

    /// <summary>A parked work item.</summary>
    public sealed record ParkedItem(string ArticleId, int Attempts, DateTimeOffset RetryAt, string Reason);

    /// <summary>Stored articles by translation level (<c>full</c>, <c>title-summary</c>, <c>none</c>, <c>untranslated</c>).</summary>
    public sealed record ArticlesReport(int Total, IReadOnlyDictionary<string, int>? ByLevel);
}
