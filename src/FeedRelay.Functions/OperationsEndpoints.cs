using FeedRelay.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FeedRelay.Host;

/// <summary>Health and ingestion bookkeeping endpoints.</summary>
public static class OperationsEndpoints
{
    /// <summary>Maps <c>/api/health</c> and <c>/api/ingest/rejections</c>.</summary>
    public static IEndpointRouteBuilder MapOperationsEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/health", GetHealthAsync);
        routes.MapGet("/api/ingest/rejections", async Task<Ok<IReadOnlyList<Rejection>>> (IQuarantine quarantine, CancellationToken ct) =>
            TypedResults.Ok(await quarantine.ListAsync(ct)));
        return routes;
    }

    private static async Task<Ok<HealthReport>> GetHealthAsync(IArticleStore store, IngestionCounters counters, CancellationToken cancellationToken)
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
