using FeedRelay.Content;
using FeedRelay.Ingestion;
using FeedRelay.Seeds;
using FeedRelay.Web.Operations;
using Microsoft.Extensions.Options;

namespace FeedRelay.Web.Ingestion;

/// <summary>The ingestion feature: the seed pipeline, the seeds-folder watcher (server) and the quarantine API.</summary>
public static class IngestionFeature
{
    /// <summary>Registers the pipeline (cleaner, normaliser, ingestion service) and, in the server, the folder watcher.</summary>
    public static IHostApplicationBuilder AddIngestion(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ContentOptions>()
            .Bind(builder.Configuration.GetSection(FeedRelayOptions.Section + ":Content"))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<ContentOptions>, ContentOptionsValidation>();
        services.AddSingleton(sp => new HtmlCleaner(sp.GetRequiredService<IOptions<ContentOptions>>().Value));
        services.AddSingleton(new SourceDirectory());
        services.AddSingleton(sp => new ArticleNormaliser(sp.GetRequiredService<HtmlCleaner>(), sp.GetRequiredService<SourceDirectory>(),
            sp.GetRequiredService<IOptions<ContentOptions>>().Value));
        services.AddSingleton(sp =>
        {
            var settings = sp.GetRequiredService<IOptions<FeedRelayOptions>>().Value;
            return new IngestionOptions
            {
                MaxSeedBytes = settings.MaxSeedBytes,
                Parser = new SeedParserOptions { Zones = SeedParserOptions.ResolveZones(settings.SourceZones) },
            };
        });
        services.AddSingleton<IngestionService>();
        services.AddSingleton<IngestionCounters>();
        services.AddSingleton<SeedImporter>();
        if (builder.RunsBackgroundServices())
        {
            services.AddHostedService<SeedFolderWatcher>();
        }

        return builder;
    }

    /// <summary>Maps the quarantine routes; re-ingesting is an operator request (<see cref="OperatorAccess"/>).</summary>
    public static IEndpointRouteBuilder MapIngestion(this IEndpointRouteBuilder routes)
    {
        routes.MapMethods("/" + Routes.Rejections, Routes.Read, IngestEndpoints.ListAsync).WithName("Rejections");
        routes.MapMethods("/" + Routes.Rejection, Routes.Read, IngestEndpoints.GetAsync).WithName("Rejection");
        routes.MapMethods("/" + Routes.RetryRejection, Routes.Act, IngestEndpoints.RetryAsync).WithName("RetryRejection")
            .AddEndpointFilter<OperatorAccess>();
        routes.MapMethods("/" + Routes.RetryRejections, Routes.Act, IngestEndpoints.RetryAllAsync).WithName("RetryRejections")
            .AddEndpointFilter<OperatorAccess>();
        return routes;
    }
}
