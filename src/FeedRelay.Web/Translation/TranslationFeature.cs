using FeedRelay.Ingestion;
using FeedRelay.Storage;
using FeedRelay.Translation;
using FeedRelay.Translation.Azure;
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
        services.AddOptions<TranslationOptions>().Bind(section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TranslationOptions>, TranslationOptionsValidator>();

        // Everything below is resolved lazily, so nothing is created (no client, no folders) while translation is off.
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<TranslationOptions>>().Value.ToSettings());
        services.AddSingleton(sp => new TranslationMetrics(sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.AddAzureTranslator(sp => sp.GetRequiredService<IOptions<TranslationOptions>>().Value.ToAzure());

        // One process translates over the embedded store; Azure storage registers leases shared by its instances.
        services.TryAddSingleton<ITranslationLeases, SingleProcessTranslationLeases>();
        services.AddSingleton<SegmentTranslator>();
        services.AddSingleton<TranslationProcessor>();
        services.AddSingleton(sp => new Lazy<TranslationProcessor>(sp.GetRequiredService<TranslationProcessor>));
        services.AddSingleton<TranslationStep>();
        services.AddSingleton<TranslationStatusReader>();
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
        routes.MapMethods("/" + Routes.TranslationStatus, Routes.Read, TranslationEndpoints.GetStatusAsync).WithName("TranslationStatus");
        return routes;
    }
}
