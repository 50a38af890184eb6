using FeedRelay.Feeds;
using FeedRelay.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace FeedRelay.Web.Feeds;

/// <summary>The feed documents: <c>/api/feeds/{all|source}.{rss|atom|json}</c> with views and filters in the query string.</summary>
public static class FeedEndpoints
{
    /// <summary>The key of the merged feed of every source.</summary>
    public const string AllSources = "all";

    /// <summary>GET/HEAD <see cref="Routes.Feed"/>.</summary>
    public static async Task<Results<FeedHttpResult, NotFound<ProblemDetails>, ValidationProblem>> GetFeedAsync(
        string name,
        string format,
        HttpContext context,
        FeedService feeds,
        IOptions<FeedRelayOptions> options,
        IOptions<FeedServingOptions> serving,
        TimeProvider clock,
        CancellationToken cancellationToken)
    {
        if (!FeedFormats.TryParse(format, out var feedFormat))
        {
            return NotFound($"Unknown feed format '{format}': use .rss, .atom or .json");
        }

        if (!FeedRequest.TryParse(context.Request.Query, options.Value.FeedItemLimit, out var request, out var error))
        {
            return InvalidParameter.Problem(error.Key, error.Value);
        }

        FeedLookup lookup;
        try
        {
            lookup = await feeds.GetAsync(name.ToLowerInvariant(), feedFormat, request, PublicUrls.BaseUrl(context, options.Value), cancellationToken);
        }
        catch (KeywordSearchNotSupportedException ex)
        {
            // A store without a full-text index refuses rather than scanning the archive; the message names the setting.
            return InvalidParameter.Problem("q", "is not available: " + ex.Message);
        }
        catch (QueryTooBroadException)
        {
            // The query's own work ran past the store's cap: the same request would fail again, so no 503 and Retry-After.
            return InvalidParameter.Problem("query", "matches too much to answer in time: add words to q, or narrow it with since, source, language or category");
        }
        if (lookup.UnknownSource is { } unknown)
        {
            return InvalidParameter.Problem("source", $"no source '{unknown}'");
        }

        return lookup.Snapshot is { } snapshot
            ? new FeedHttpResult(snapshot, feedFormat, request.Filter.Before is null ? serving.Value.CacheMaxAgeSeconds : serving.Value.PageMaxAgeSeconds,
                clock.GetUtcNow())
            : NotFound(lookup.NotFound ?? $"No feed '{name}'");
    }

    private static NotFound<ProblemDetails> NotFound(string detail) =>
        TypedResults.NotFound(new ProblemDetails { Status = StatusCodes.Status404NotFound, Title = "Not found", Detail = detail });

}
