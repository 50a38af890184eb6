using FeedRelay.Storage;
using FeedRelay.Web.Ingestion;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace FeedRelay.Web.Operations;

/// <summary>Health and ingestion bookkeeping endpoints.</summary>
public static class OperationsEndpoints
{
    /// <summary>
    /// GET <see cref="Routes.Health"/>: <c>200</c> when every part is <c>ok</c> or some background part is failing
    /// (<c>degraded</c>: feeds are still served, so a platform health check must not replace the instance for a hub that is
    /// down); <c>503</c> when the store is failing (<c>unhealthy</c>: this instance cannot serve a feed).
    /// </summary>
    public static async Task<Results<Ok<HealthReport>, JsonHttpResult<HealthReport>>> GetHealthAsync(
        IArticleStore store, IngestionCounters counters, BackgroundHealth background, [FromServices] IEnumerable<IHealthProbe> probes,
        CancellationToken cancellationToken)
    {
        var parts = new Dictionary<string, string>(background.Report(), StringComparer.Ordinal);
        foreach (var probe in probes.Where(p => p.IsEnabled))
        {
            parts[probe.Part] = await probe.CheckAsync(cancellationToken);
        }

        var articles = 0;
        var sourceCount = 0;
        try
        {
            var sources = await store.ListSourcesAsync(cancellationToken);
            articles = sources.Sum(s => s.ArticleCount);
            sourceCount = sources.Count;
            parts["store"] = "ok";
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // The report must answer whatever the store does; it names the failure instead (without its message: see BackgroundHealth.Name).
            parts["store"] = $"failing: {BackgroundHealth.Name(ex)}";
            return TypedResults.Json(Report("unhealthy"), statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        return TypedResults.Ok(Report(parts.Values.Any(v => v != "ok") ? "degraded" : "ok"));

        HealthReport Report(string status) =>
            new(status, articles, sourceCount, new IngestionReport(counters.Seen, counters.Ingested, counters.Rejected), parts);
    }

    /// <summary>Body of <c>/api/health</c>: <c>ok</c>, <c>degraded</c> or <c>unhealthy</c>, counts, and the state of every part.</summary>
    public sealed record HealthReport(string Status, int Articles, int Sources, IngestionReport Ingestion, IReadOnlyDictionary<string, string> Parts);

    /// <summary>Seeds seen by this process, split into ingested and rejected.</summary>
    public sealed record IngestionReport(long Seen, long Ingested, long Rejected);
}
