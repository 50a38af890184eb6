using FeedRelay.Storage;
using FeedRelay.Web.Ingestion;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace FeedRelay.Web.Operations;

/// <summary>Health and ingestion bookkeeping endpoints.</summary>
public static class OperationsEndpoints
{
    /// <summary>GET <see cref="Routes.Health"/>.</summary>
    public static async Task<Ok<HealthReport>> GetHealthAsync(
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
            // The report must answer whatever the store does; it names the failure instead.
            parts["store"] = $"failing: {ex.GetType().Name}: {ex.Message}";
        }

        var degraded = parts.Values.Any(v => v != "ok");
        return TypedResults.Ok(new HealthReport(degraded ? "degraded" : "ok", articles, sourceCount,
            new IngestionReport(counters.Seen, counters.Ingested, counters.Rejected), parts));
    }

    /// <summary>Body of <c>/api/health</c>: <c>ok</c> or <c>degraded</c>, counts, and the state of every part.</summary>
    public sealed record HealthReport(string Status, int Articles, int Sources, IngestionReport Ingestion, IReadOnlyDictionary<string, string> Parts);

    /// <summary>Seeds seen by this process, split into ingested and rejected.</summary>
    public sealed record IngestionReport(long Seen, long Ingested, long Rejected);
}
