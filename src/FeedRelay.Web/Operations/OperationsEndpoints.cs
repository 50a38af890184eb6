using FeedRelay.Storage;
using FeedRelay.Web.Ingestion;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FeedRelay.Web.Operations;

/// <summary>Health and ingestion bookkeeping endpoints.</summary>
public static class OperationsEndpoints
{
    /// <summary>GET <see cref="Routes.Health"/>.</summary>
    public static async Task<Ok<HealthReport>> GetHealthAsync(IArticleStore store, IngestionCounters counters, CancellationToken cancellationToken)
    {
        var sources = await store.ListSourcesAsync(cancellationToken);
        return TypedResults.Ok(new HealthReport("ok", sources.Sum(s => s.ArticleCount), sources.Count,
            new IngestionReport(counters.Seen, counters.Ingested, counters.Rejected)));
    }

    /// <summary>Body of <c>/api/health</c>.</summary>
    public sealed record HealthReport(string Status, int Articles, int Sources, IngestionReport Ingestion);

    /// <summary>Seeds seen by this process, split into ingested and rejected.</summary>
    public sealed record IngestionReport(long Seen, long Ingested, long Rejected);
}
