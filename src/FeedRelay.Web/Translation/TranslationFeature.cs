using Azure;
using Azure.Identity;
using FeedRelay.Ingestion;
using FeedRelay.Storage;
using FeedRelay.Translation;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;

namespace FeedRelay.Web.Translation;

/// <summary>
/// The translation feature: client, cache, queue, worker (server), ingest listener, metrics and the status route. Always
/// registered; <see cref="TranslationStep.IsEnabled"/> says whether an endpoint is configured.
/// </summary>
public static class TranslationFeature
{
    /// <summary>Binds <c>FeedRelay:Translation</c> and registers the step, which stays idle unless an endpoint is configured.</summary>
    public static IHostApplicationBuilder AddTranslation(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        var section = builder.Configuration.GetSection(TranslationOptions.Section);
        services.AddOptions<TranslationOptions>().Bind(section).ValidateDataAnnotations().ValidateOnStart();

        // Everything below is resolved lazily, so nothing is created (no client, no folders) while translation is off.
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<TranslationOptions>>().Value.ToSettings());
        services.AddSingleton(sp => new TranslationMetrics(sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.AddSingleton(sp => CreateClient(sp.GetRequiredService<IOptions<TranslationOptions>>().Value, sp.GetRequiredService<TranslationMetrics>()));

        // The Azure host may register Table/Queue implementations first; these are the local defaults.
        services.TryAddSingleton<ITranslationCache, FileTranslationCache>();
        services.TryAddSingleton<ITranslationUsage, FileTranslationUsage>();
        services.TryAddSingleton<FileTranslationQueue>();
        services.TryAddSingleton<ITranslationQueue>(sp => sp.GetRequiredService<FileTranslationQueue>());
        services.AddSingleton<SegmentTranslator>();
        services.AddSingleton<TranslationProcessor>();
        services.AddSingleton(sp => new Lazy<TranslationProcessor>(sp.GetRequiredService<TranslationProcessor>));
        services.AddSingleton<TranslationStep>();
        services.AddSingleton<IIngestListener, TranslationIngestListener>();
        if (builder.RunsBackgroundServices())
        {
            services.AddHostedService<TranslationWorker>();
        }

        var metrics = services.AddOpenTelemetry().WithMetrics(m => m.AddMeter(TranslationMetrics.MeterName));
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            metrics.WithMetrics(m => m.AddOtlpExporter());
        }

        return builder;
    }

    /// <summary>Maps <see cref="Routes.TranslationStatus"/>.</summary>
    public static IEndpointRouteBuilder MapTranslation(this IEndpointRouteBuilder routes)
    {
        routes.Map("TranslationStatus", Routes.TranslationStatus, Routes.Read, TranslationEndpoints.GetStatusAsync);
        return routes;
    }

    /// <summary>A client for the configured endpoint: key auth when a key is set, else Entra ID via <c>DefaultAzureCredential</c>.</summary>
    internal static TextTranslationClient CreateClient(TranslationOptions settings, TranslationMetrics metrics)
    {
        var options = new TextTranslationClientOptions { OnRetry = metrics.Retried };
        options.Retry.MaxRetries = settings.MaxRetries;
        options.Retry.Delay = TimeSpan.FromMilliseconds(settings.RetryDelayMs);
        options.Retry.MaxDelay = TimeSpan.FromMilliseconds(settings.MaxRetryDelayMs);
        options.Retry.NetworkTimeout = TimeSpan.FromMilliseconds(settings.RequestTimeoutMs);
        var endpoint = new Uri(settings.Endpoint!);
        if (!string.IsNullOrWhiteSpace(settings.Key))
        {
            return new TextTranslationClient(new AzureKeyCredential(settings.Key), endpoint, settings.Region, options);
        }

        var credential = new DefaultAzureCredential();
        return string.IsNullOrWhiteSpace(settings.ResourceId)
            ? new TextTranslationClient(credential, endpoint, options)
            : new TextTranslationClient(credential, endpoint, settings.ResourceId, settings.Region, options);
    }
}
