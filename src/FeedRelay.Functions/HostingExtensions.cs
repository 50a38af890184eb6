using FeedRelay.Content;
using FeedRelay.Host.Feeds;
using FeedRelay.Host.Functions;
using FeedRelay.Host.Storage;
using FeedRelay.Host.Translation;
using FeedRelay.Ingestion;
using FeedRelay.Seeds;
using Microsoft.Extensions.Options;

namespace FeedRelay.Host;

/// <summary>Wires FeedRelay into an ASP.NET Core application.</summary>
public static class HostingExtensions
{
    /// <summary>The Functions port the local server listens on when nothing else is configured.</summary>
    public const string DefaultUrl = "http://localhost:7071";

    /// <summary>Registers FeedRelay's options, pipeline, store and seed watcher.</summary>
    public static WebApplicationBuilder AddFeedRelay(this WebApplicationBuilder builder)
    {
        builder.ConfigureListenUrls();
        builder.AddFunctionsHandler();

        var services = builder.Services;
        services.AddOptions<FeedRelayOptions>()
            .Bind(builder.Configuration.GetSection(FeedRelayOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.AddSingleton(TimeProvider.System);
        builder.AddFeedRelayStorage();
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
        services.AddHostedService<SeedFolderWatcher>();
        builder.AddFeedRelayTranslation();
        services.AddFeedServing(builder.Configuration);
        return builder;
    }

    /// <summary>Maps FeedRelay's HTTP endpoints.</summary>
    public static WebApplication MapFeedRelay(this WebApplication app)
    {
        app.MapFeedEndpoints();
        app.MapIndexEndpoints();
        app.MapArticleEndpoints();
        app.MapOperationsEndpoints();
        app.MapTranslationEndpoints();
        app.MapFunctionInvocations();
        return app;
    }

    /// <summary>
    /// Under the Functions host, listen where it says (loopback only); otherwise honour --urls/ASPNETCORE_URLS,
    /// defaulting to the Functions port so that local URLs match the cloud ones.
    /// </summary>
    private static void ConfigureListenUrls(this WebApplicationBuilder builder)
    {
        var port = builder.Configuration["FUNCTIONS_CUSTOMHANDLER_PORT"];
        if (!string.IsNullOrEmpty(port))
        {
            builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        }
        else if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }
    }
}
