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
        // No resilience pipeline: a failed publish leaves the notifier's state unchanged, so the next poll retries it.
        services.AddHttpClient(WebSubNotifier.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(10));
        services.AddHostedService<WebSubNotifier>();
        return services;
    }
}
