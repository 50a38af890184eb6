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
    /// <see cref="MaxPage"/>); when there are more, a <c>Link: &lt;…?limit=…&amp;continuation=…&gt;; rel="next"</c> header names
    /// the next. A <c>limit</c> that is no number in range, or a continuation this quarantine did not give, is a 400 naming it.
    /// </summary>
    public static async Task<Results<Ok<IReadOnlyList<Rejection>>, ValidationProblem>> ListAsync(
        HttpContext context, IQuarantine quarantine, string? limit, string? continuation, CancellationToken cancellationToken)
    {
        if (!TryPageSize(limit, out var size, out var invalid))
        {
            return invalid;
        }

        RejectionPage page;
        try
        {
            page = await quarantine.ListPageAsync(size, string.IsNullOrEmpty(continuation) ? null : continuation, cancellationToken);
        }
        catch (FormatException)
        {
            return InvalidParameter.Problem("continuation", "is not one this quarantine gave: follow the Link header of the page before");
        }

        NextLink(context, size, page.Continuation);
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

    /// <summary>
    /// POST <see cref="Routes.RetryRejections"/>: re-ingests one page of the quarantine (<c>?limit=</c> and <c>?continuation=</c>
    /// as for the list), so that one request does bounded work however large the quarantine; when there is more, the result's
    /// <c>continuation</c> and a <c>Link: rel="next"</c> header name the next page to retry.
    /// </summary>
    public static async Task<Results<Ok<RetryAllResult>, ValidationProblem>> RetryAllAsync(
        HttpContext context, IngestionService ingestion, IngestionCounters counters, string? limit, string? continuation, CancellationToken cancellationToken)
    {
        if (!TryPageSize(limit, out var size, out var invalid))
        {
            return invalid;
        }

        RetryPage page;
        try
        {
            page = await ingestion.RetryPageAsync(size, string.IsNullOrEmpty(continuation) ? null : continuation, cancellationToken);
        }
        catch (FormatException)
        {
            return InvalidParameter.Problem("continuation", "is not one this quarantine gave: use the continuation of the result before");
        }

        foreach (var outcome in page.Outcomes)
        {
            counters.RecordRetry(outcome.Status != IngestStatus.Rejected);
        }

        NextLink(context, size, page.Continuation);
        var results = page.Outcomes.Select(RetryResult.From).ToArray();
        return TypedResults.Ok(new RetryAllResult(results.Length, results.Count(r => r.Status != nameof(IngestStatus.Rejected)), results, page.Continuation));
    }

    /// <summary>The page size <paramref name="text"/> asks for (none: <see cref="DefaultPage"/>), or the 400 that says why it is not one.</summary>
    private static bool TryPageSize(string? text, out int size, out ValidationProblem invalid)
    {
        invalid = null!;
        size = DefaultPage;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        if (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out size) && size is >= 1 and <= MaxPage)
        {
            return true;
        }

        invalid = InvalidParameter.Problem("limit", $"must be a whole number from 1 to {MaxPage}");
        return false;
    }

    /// <summary>Names the next page in a <c>Link</c> header when there is one.</summary>
    private static void NextLink(HttpContext context, int size, string? next)
    {
        if (next is not null)
        {
            var path = context.Request.PathBase + context.Request.Path;
            context.Response.Headers.Link = string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"<{path}?limit={size}&continuation={Uri.EscapeDataString(next)}>; rel=\"next\"");
        }
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

    /// <summary>What re-ingesting one page of the quarantine did; <paramref name="Continuation"/> names the next page (null: none).</summary>
    public sealed record RetryAllResult(int Retried, int Ingested, IReadOnlyList<RetryResult> Results, string? Continuation);
}
