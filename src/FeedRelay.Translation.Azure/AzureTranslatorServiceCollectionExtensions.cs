using Azure;
using Azure.Identity;
using FeedRelay.Translation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FeedRelay.Translation.Azure;

/// <summary>Registers Azure AI Translator as the translation step's <see cref="ITextTranslator"/>.</summary>
public static class AzureTranslatorServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="TextTranslationClient"/> and <see cref="ITextTranslator"/> made from the options
    /// <paramref name="options"/> gives. Both are created on first use (so nothing is made while translation is off);
    /// invalid options fail that creation with every problem named. Retries are reported to <see cref="TranslationMetrics"/>
    /// and Retry-After dates read against <see cref="TimeProvider"/> when those are registered.
    /// </summary>
    public static IServiceCollection AddAzureTranslator(this IServiceCollection services, Func<IServiceProvider, AzureTranslatorOptions> options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        services.TryAddSingleton(sp => CreateClient(options(sp), sp.GetService<TimeProvider>() ?? TimeProvider.System, sp.GetService<TranslationMetrics>()));
        services.TryAddSingleton<ITextTranslator>(sp => new AzureTextTranslator(sp.GetRequiredService<TextTranslationClient>()));
        return services;
    }

    /// <summary>Registers the Translator with fixed <paramref name="options"/>.</summary>
    public static IServiceCollection AddAzureTranslator(this IServiceCollection services, AzureTranslatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return services.AddAzureTranslator(_ => options);
    }

    /// <summary>A client for <paramref name="options"/>: key auth when a key is set, else Entra ID via <c>DefaultAzureCredential</c>.</summary>
    public static TextTranslationClient CreateClient(AzureTranslatorOptions options, TimeProvider clock, TranslationMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Validate() is { Count: > 0 } errors)
        {
            throw new InvalidOperationException("Azure Translator options are invalid: " + string.Join("; ", errors));
        }

        var clientOptions = new TextTranslationClientOptions { TimeProvider = clock, OnRetry = metrics is null ? null : metrics.Retried };
        clientOptions.Retry.MaxRetries = options.MaxRetries;
        clientOptions.Retry.Delay = options.RetryDelay;
        clientOptions.Retry.MaxDelay = options.MaxRetryDelay;
        clientOptions.Retry.NetworkTimeout = options.RequestTimeout;
        if (!string.IsNullOrWhiteSpace(options.Key))
        {
            return new TextTranslationClient(new AzureKeyCredential(options.Key), options.Endpoint, options.Region, clientOptions);
        }

        var credential = new DefaultAzureCredential();
        return string.IsNullOrWhiteSpace(options.ResourceId)
            ? new TextTranslationClient(credential, options.Endpoint, clientOptions)
            : new TextTranslationClient(credential, options.Endpoint, options.ResourceId, options.Region, clientOptions);
    }
}
