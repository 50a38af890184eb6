using FeedRelay.Ingestion;
using FeedRelay.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FeedRelay.Web.Ingestion;

/// <summary>The quarantine API: list rejected seeds with their reasons and re-ingest them after a fix.</summary>
public static class IngestEndpoints
{
    /// <summary>Rejections per page unless <c>?limit=</c> says otherwise.</summary>
    public const int DefaultPage = 100;

    /// <summary>Most rejections per page.</summary>
    public const int MaxPage = 1000;

    /// <summary>
    /// GET <see cref="Routes.Rejections"/>: one page (<c>?limit=</c>, default <see cref="DefaultPage"/>, at most
    /// <see cref="MaxPage"/>); when there are more, a <c>Link: &lt;…?limit=…&amp;continuation=…&gt;; rel="next"</c> header names the next.
    /// </summary>
    public static async Task<Ok<IReadOnlyList<Rejection>>> ListAsync(
        HttpContext context, IQuarantine quarantine, int? limit, string? continuation, CancellationToken cancellationToken)
    {
        var size = Math.Clamp(limit ?? DefaultPage, 1, MaxPage);
        var page = await quarantine.ListPageAsync(size, string.IsNullOrEmpty(continuation) ? null : continuation, cancellationToken);
        if (page.Continuation is { } next)
        {
            var path = context.Request.PathBase + context.Request.Path;
            context.Response.Headers.Link = string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"<{path}?limit={size}&continuation={Uri.EscapeDataString(next)}>; rel=\"next\"");
        }

        return TypedResults.Ok(page.Items);
    }

    /// <summary>GET <see cref="Routes.Rejection"/>.</summary>
    public static async Task<Results<Ok<Rejection>, NotFound>> GetAsync(string sha256, IQuarantine quarantine, CancellationToken cancellationToken)
    {
        if (!IsSha256(sha256))
        {
            return TypedResults.NotFound();
        }

        return await quarantine.GetAsync(sha256.ToLowerInvariant(), cancellationToken) is { } rejection
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
