using Microsoft.Extensions.Options;

namespace FeedRelay.Web;

/// <summary>
/// FeedRelay's HTTP surface and services, shared by both hosts: the standalone server (<c>FeedRelay.Server</c>) and the
/// Azure Functions isolated worker (<c>FeedRelay.Functions</c>). Each feature registers itself and maps its own routes.
/// </summary>
public static class FeedRelayWeb
{
    /// <summary>Registers options, storage, ingestion, feeds, translation and operations for <paramref name="hosting"/>.</summary>
    public static TBuilder AddFeedRelay<TBuilder>(this TBuilder builder, FeedRelayHosting hosting = FeedRelayHosting.Server)
        where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddSingleton(new HostingMode(hosting));
        builder.AddFeedRelayOptions();
        builder.AddFeedRelayStorage();
        builder.AddIngestion();
        builder.AddFeeds();
        builder.AddTranslation();
        builder.AddOperations();
        return builder;
    }

    /// <summary>Maps every FeedRelay route (see <see cref="Routes"/>).</summary>
    public static IEndpointRouteBuilder MapFeedRelay(this IEndpointRouteBuilder routes)
    {
        routes.MapFeeds();
        routes.MapArticles();
        routes.MapIngestion();
        routes.MapTranslation();
        routes.MapOperations();
        return routes;
    }

    private static void AddFeedRelayOptions(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<FeedRelayOptions>()
            .Bind(builder.Configuration.GetSection(FeedRelayOptions.Section))
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<FeedRelayOptions>, FeedRelayOptionsValidator>();
        builder.Services.AddSingleton(TimeProvider.System);
    }
}
