using FeedRelay.Ingestion;
using FeedRelay.Storage;
using FeedRelay.Translation;
using FeedRelay.Translation.Azure;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;

namespace FeedRelay.Host.Translation;

/// <summary>Wires the optional translation step: client, cache, queue, worker, ingest listener, metrics.</summary>
public static class TranslationHosting
{
    /// <summary>Binds <c>FeedRelay:Translation</c> and registers the step, which stays idle unless an endpoint is configured.</summary>
    public static WebApplicationBuilder AddFeedRelayTranslation(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var section = builder.Configuration.GetSection(TranslationOptions.Section);
        services.AddOptions<TranslationOptions>().Bind(section).ValidateDataAnnotations().ValidateOnStart();

        // Everything below is resolved lazily, so nothing is created (no client, no folders) while translation is off.
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<TranslationOptions>>().Value.ToSettings());
        services.AddSingleton(sp => new TranslationMetrics(sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.AddAzureTranslator(sp => sp.GetRequiredService<IOptions<TranslationOptions>>().Value.ToAzure());

        // The Azure host may register Table/Queue implementations first; these are the local defaults.
        services.TryAddSingleton<ITranslationCache, FileTranslationCache>();
        services.TryAddSingleton<ITranslationUsage, FileTranslationUsage>();
        services.TryAddSingleton<FileTranslationQueue>();
        services.TryAddSingleton<ITranslationQueue>(sp => sp.GetRequiredService<FileTranslationQueue>());
        services.AddSingleton<SegmentTranslator>();
        services.AddSingleton<TranslationProcessor>();
        if (section.Get<TranslationOptions>()?.IsEnabled == true)
        {
            // Only a usable processor is registered: consumers take its absence to mean "translation is off".
            services.AddSingleton<ITranslationProcessor>(sp => sp.GetRequiredService<TranslationProcessor>());
        }

        services.AddSingleton<IIngestListener, TranslationIngestListener>();
        services.AddHostedService<TranslationWorker>();

        var metrics = services.AddOpenTelemetry().WithMetrics(m => m.AddMeter(TranslationMetrics.MeterName));
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            metrics.WithMetrics(m => m.AddOtlpExporter());
        }

        return builder;
    }
}
