using FeedRelay.Feeds;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FeedRelay.Storage.Azure;

/// <summary>Registers FeedRelay's Azure Blob/Queue/Table backend.</summary>
public static class AzureStorageRegistration
{
    /// <summary>
    /// Registers the article store, quarantine, translation cache, usage and queue and the seed reader over the account
    /// <paramref name="options"/> names. Bad options fail here, at start-up, with an <see cref="OptionsValidationException"/>
    /// naming every wrong setting, instead of on the first request.
    /// </summary>
    public static IServiceCollection AddAzureStorage(this IServiceCollection services, AzureStorageOptions options)
    {
        var problems = options.Problems();
        if (problems.Count > 0)
        {
            throw new OptionsValidationException(nameof(AzureStorageOptions), typeof(AzureStorageOptions), problems);
        }

        services.AddSingleton(options);
        services.AddSingleton<AzureStorageClients>();
        services.AddSingleton<AzureArticleStore>();
        services.AddSingleton<IArticleStore>(sp => sp.GetRequiredService<AzureArticleStore>());
        services.AddSingleton<IQuarantine, AzureQuarantine>();
        services.AddSingleton<ITranslationCache, AzureTranslationCache>();
        services.AddSingleton<ITranslationLeases, AzureTranslationLeases>();
        services.AddSingleton<ITranslationUsage, AzureTranslationUsage>();
        services.AddSingleton<ITranslationQueue, AzureTranslationQueue>();
        services.AddSingleton<AzureSeedSource>();
        services.AddSingleton<IFeedDocumentStore, AzureFeedDocumentStore>();
        services.AddSingleton<AzureFeedRebuildQueue>();
        services.AddSingleton<AzureBacklog>();
        return services;
    }
}
