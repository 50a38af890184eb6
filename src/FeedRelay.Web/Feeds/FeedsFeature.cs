namespace FeedRelay.Web.Feeds;

/// <summary>The feeds feature: documents in three formats, the HTML index and OPML, their cache and the WebSub notifier.</summary>
public static class FeedsFeature
{
    /// <summary>Adds feed options, the feed cache and (in the server) the WebSub notifier.</summary>
    public static IHostApplicationBuilder AddFeeds(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<FeedServingOptions>()
            .Bind(builder.Configuration.GetSection(FeedServingOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<FeedService>();

        // No resilience pipeline: a failed publish fails the notifier's round, which backs off and tries again;
        // each request has its own timeout (FeedRelay:Feeds:WebSubTimeoutMs).
        services.AddHttpClient(WebSubNotifier.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan);
        if (builder.RunsBackgroundServices())
        {
            services.AddHostedService<WebSubNotifier>();
        }
        return builder;
    }

    /// <summary>Maps the index, OPML and feed routes.</summary>
    public static IEndpointRouteBuilder MapFeeds(this IEndpointRouteBuilder routes)
    {
        routes.Map("Home", Routes.Home, Routes.Read, IndexEndpoints.GetIndexAsync);
        routes.Map("FeedIndex", Routes.FeedIndex, Routes.Read, IndexEndpoints.GetIndexAsync);
        routes.Map("Opml", Routes.Opml, Routes.Read, IndexEndpoints.GetOpmlAsync);
        routes.Map("Feed", Routes.Feed, Routes.Read, FeedEndpoints.GetFeedAsync);
        return routes;
    }
}
