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

/// <summary>Which host runs FeedRelay; it decides who delivers seeds and translation work.</summary>
public enum FeedRelayHosting
{
    /// <summary>The standalone server: background services watch the seeds folder and work the translation queue.</summary>
    Server,

    /// <summary>The Azure Functions app: blob and queue triggers deliver the work; no background loops run.</summary>
    Functions,

    /// <summary>A one-off command of the server (such as <c>import</c>): no background loops run.</summary>
    Command,
}

/// <summary>The host FeedRelay was registered for.</summary>
/// <param name="Hosting">The host kind.</param>
public sealed record HostingMode(FeedRelayHosting Hosting)
{
    /// <summary>True when background services (watcher, translation worker, WebSub notifier) run in this process.</summary>
    public bool RunsBackgroundServices => Hosting == FeedRelayHosting.Server;
}

/// <summary>Reads the hosting mode registered by <see cref="FeedRelayWeb.AddFeedRelay{TBuilder}"/>.</summary>
internal static class HostingModeExtensions
{
    /// <summary>True unless FeedRelay was registered for a host whose triggers deliver the work.</summary>
    public static bool RunsBackgroundServices(this IHostApplicationBuilder builder) =>
        builder.Services.LastOrDefault(d => d.ServiceType == typeof(HostingMode))?.ImplementationInstance is not HostingMode { RunsBackgroundServices: false };

    /// <summary>The host FeedRelay was registered for (<see cref="FeedRelayHosting.Server"/> when none was named).</summary>
    public static FeedRelayHosting Hosting(this IHostApplicationBuilder builder) =>
        builder.Services.LastOrDefault(d => d.ServiceType == typeof(HostingMode))?.ImplementationInstance is HostingMode mode ? mode.Hosting : FeedRelayHosting.Server;
}
