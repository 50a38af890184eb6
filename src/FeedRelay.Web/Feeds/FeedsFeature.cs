using FeedRelay.Feeds;
using FeedRelay.Ingestion;
using FeedRelay.Storage.Azure;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

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
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<FeedServingOptions>, FeedServingOptionsValidator>();
        services.AddSingleton<FeedBuilder>();
        services.AddSingleton<FeedService>();
        services.AddSingleton<FeedMaterialiser>();
        services.AddFeedRebuilds(builder.Hosting());

        // No resilience pipeline: a failed publish fails the notifier's round, which backs off and tries again;
        // each request has its own timeout (FeedRelay:Feeds:WebSubTimeoutMs).
        services.AddHttpClient(WebSubNotifier.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan);
        if (builder.RunsBackgroundServices())
        {
            services.AddHostedService<WebSubNotifier>();
        }
        return builder;
    }

    /// <summary>
    /// Registers where materialised documents live (the backend's <see cref="IFeedDocumentStore"/>, else none) and who rebuilds
    /// them: the Azure queue and its <c>RebuildFeeds</c> trigger under the Functions host, the in-memory
    /// <see cref="FeedRebuildService"/> in the server, the command itself at its end (<see cref="DeferredFeedRebuilds"/>),
    /// nobody where nothing is materialised.
    /// </summary>
    private static void AddFeedRebuilds(this IServiceCollection services, FeedRelayHosting hosting)
    {
        var shared = services.Any(d => d.ServiceType == typeof(IFeedDocumentStore));
        services.TryAddSingleton<IFeedDocumentStore, DisabledFeedDocumentStore>();
        if (!shared)
        {
            services.AddSingleton<IFeedRebuildQueue, DisabledFeedRebuildQueue>();
        }
        else if (hosting == FeedRelayHosting.Server)
        {
            services.AddSingleton<FeedRebuildService>();
            services.AddSingleton<IFeedRebuildQueue>(sp => sp.GetRequiredService<FeedRebuildService>());
            services.AddHostedService(sp => sp.GetRequiredService<FeedRebuildService>());
        }
        else if (hosting == FeedRelayHosting.Command)
        {
            services.AddSingleton<DeferredFeedRebuilds>();
            services.AddSingleton<IFeedRebuildQueue>(sp => sp.GetRequiredService<DeferredFeedRebuilds>());
        }
        else if (hosting == FeedRelayHosting.Functions && services.Any(d => d.ServiceType == typeof(AzureFeedRebuildQueue)))
        {
            services.AddSingleton<IFeedRebuildQueue>(sp => sp.GetRequiredService<AzureFeedRebuildQueue>());
        }
        else
        {
            services.AddSingleton<IFeedRebuildQueue, DisabledFeedRebuildQueue>();
        }

        services.AddSingleton<IIngestListener, FeedRebuildIngestListener>();
    }

    /// <summary>Maps the index, OPML and feed routes.</summary>
    public static IEndpointRouteBuilder MapFeeds(this IEndpointRouteBuilder routes)
    {
        routes.MapMethods("/" + Routes.Home, Routes.Read, IndexEndpoints.GetIndexAsync).WithName("Home");
        routes.MapMethods("/" + Routes.FeedIndex, Routes.Read, IndexEndpoints.GetIndexAsync).WithName("FeedIndex");
        routes.MapMethods("/" + Routes.Opml, Routes.Read, IndexEndpoints.GetOpmlAsync).WithName("Opml");
        routes.MapMethods("/" + Routes.Feed, Routes.Read, FeedEndpoints.GetFeedAsync).WithName("Feed");
        return routes;
    }
}
