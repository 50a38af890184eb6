using FeedRelay.Ingestion;
using FeedRelay.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FeedRelay.Web.Ingestion;

/// <summary>The quarantine API: list rejected seeds with their reasons and re-ingest them after a fix.</summary>
public static class IngestEndpoints
{
    /// <summary>GET <see cref="Routes.Rejections"/>.</summary>
    public static async Task<Ok<IReadOnlyList<Rejection>>> ListAsync(IQuarantine quarantine, CancellationToken cancellationToken) =>
        TypedResults.Ok(await quarantine.ListAsync(cancellationToken));

    /// <summary>GET <see cref="Routes.Rejection"/>.</summary>
    public static async Task<Results<Ok<Rejection>, NotFound>> GetAsync(string sha256, IQuarantine quarantine, CancellationToken cancellationToken)
    {
        if (!IsSha256(sha256))
        {
            return TypedResults.NotFound();
        }

        var rejections = await quarantine.ListAsync(cancellationToken);
        return rejections.FirstOrDefault(r => string.Equals(r.Sha256, sha256, StringComparison.OrdinalIgnoreCase)) is { } rejection
            ? TypedResults.Ok(rejection)
            : TypedResults.NotFound();
    }

    /// <summary>POST <see cref="Routes.RetryRejection"/>.</summary>
    public static async Task<Results<Ok<RetryResult>, NotFound>> RetryAsync(
        string sha256, IngestionService ingestion, IngestionCounters counters, CancellationToken cancellationToken)
    {
        if (!IsSha256(sha256) || await ingestion.RetryAsync(sha256.ToLowerInvariant(), cancellationToken) is not { } outcome)
        {
            return TypedResults.NotFound();
        }

        counters.RecordRetry(outcome.Status != IngestStatus.Rejected);
        return TypedResults.Ok(RetryResult.From(outcome));
    }

    /// <summary>POST <see cref="Routes.RetryRejections"/>.</summary>
    public static async Task<Ok<RetryAllResult>> RetryAllAsync(IngestionService ingestion, IngestionCounters counters, CancellationToken cancellationToken)
    {
        var outcomes = await ingestion.RetryAllAsync(cancellationToken);
        foreach (var outcome in outcomes)
        {
            counters.RecordRetry(outcome.Status != IngestStatus.Rejected);
        }

        var results = outcomes.Select(RetryResult.From).ToArray();
        return TypedResults.Ok(new RetryAllResult(results.Length, results.Count(r => r.Status != nameof(IngestStatus.Rejected)), results));
    }

    /// <summary>A rejection key: 64 hex digits, the SHA-256 of the seed bytes.</summary>
    private static bool IsSha256(string text) => text.Length == 64 && text.All(char.IsAsciiHexDigit);

    /// <summary>What re-ingesting one quarantined seed did.</summary>
    /// <param name="Name">The seed's name.</param>
    /// <param name="Status">Created, Updated, Unchanged or Rejected.</param>
    /// <param name="ArticleId">The article's id when it was ingested.</param>
    /// <param name="Rejection">The new reason when it was rejected again.</param>
    public sealed record RetryResult(string Name, string Status, string? ArticleId, Rejection? Rejection)
    {
        internal static RetryResult From(IngestOutcome outcome) =>
            new(outcome.Name, outcome.Status.ToString(), outcome.ArticleId, outcome.Rejection);
    }

    /// <summary>What re-ingesting every quarantined seed did.</summary>
    public sealed record RetryAllResult(int Retried, int Ingested, IReadOnlyList<RetryResult> Results);
}
