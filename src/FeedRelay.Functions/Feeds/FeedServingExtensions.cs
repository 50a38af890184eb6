using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FeedRelay.Host.Feeds;

/// <summary>Registers the feed endpoints' services.</summary>
public static class FeedServingExtensions
{
    /// <summary>Adds feed options, the feed cache and the WebSub notifier.</summary>
    public static IServiceCollection AddFeedServing(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<FeedServingOptions>()
            .Bind(configuration.GetSection(FeedServingOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<FeedService>();
        services.AddHttpClient(WebSubNotifier.HttpClientName).AddStandardResilienceHandler();
        services.AddHostedService<WebSubNotifier>();
        return services;
    }
}
