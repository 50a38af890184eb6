using FeedRelay.Feeds;
using FeedRelay.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace FeedRelay.Host;

/// <summary>The feed documents: <c>/api/feeds/{all|source}.{rss|atom}</c>.</summary>
public static class FeedEndpoints
{
    /// <summary>The key of the merged feed of every source.</summary>
    public const string AllSources = "all";

    /// <summary>Maps the feed routes.</summary>
    public static IEndpointRouteBuilder MapFeedEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/feeds/{name}.{format}", GetFeedAsync).WithName("Feed");
        return routes;
    }

    private static async Task<Results<FileContentHttpResult, NotFound<string>>> GetFeedAsync(
        string name, string format, HttpContext context, IArticleStore store, IOptions<FeedRelayOptions> options, CancellationToken cancellationToken)
    {
        if (!FeedFormats.TryParse(format, out var feedFormat))
        {
            return TypedResults.NotFound($"Unknown feed format '{format}': use .rss or .atom");
        }

        string title;
        string? sourceSlug = null;
        if (name == AllSources)
        {
            title = "FeedRelay: all sources";
        }
        else
        {
            var source = (await store.ListSourcesAsync(cancellationToken)).FirstOrDefault(s => s.Slug == name);
            if (source is null)
            {
                return TypedResults.NotFound($"No source '{name}'");
            }

            title = source.Name;
            sourceSlug = source.Slug;
        }

        var articles = await store.QueryAsync(new ArticleQuery(sourceSlug, options.Value.FeedItemLimit), cancellationToken);
        var baseUrl = PublicUrls.BaseUrl(context, options.Value);
        var description = new FeedDescription(
            name,
            title,
            new Uri(baseUrl, $"api/feeds/{name}.{feedFormat.Extension()}"),
            new Uri(baseUrl, "/"),
            id => new Uri(baseUrl, $"api/articles/{id}"));
        var bytes = FeedWriter.Write(feedFormat, description, articles);
        return TypedResults.File(bytes, feedFormat.MediaType());
    }
}
