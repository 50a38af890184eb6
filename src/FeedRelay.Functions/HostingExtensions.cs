using FeedRelay.Content;
using FeedRelay.Ingestion;
using FeedRelay.Storage;
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

        var services = builder.Services;
        services.AddOptions<FeedRelayOptions>()
            .Bind(builder.Configuration.GetSection(FeedRelayOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new FileStoreOptions { DataPath = sp.GetRequiredService<IOptions<FeedRelayOptions>>().Value.DataPath });
        services.AddSingleton<FileArticleStore>();
        services.AddSingleton<IArticleStore>(sp => sp.GetRequiredService<FileArticleStore>());
        services.AddSingleton<IQuarantine, FileQuarantine>();
        services.AddOptions<ContentOptions>()
            .Bind(builder.Configuration.GetSection(FeedRelayOptions.Section + ":Content"))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<ContentOptions>, ContentOptionsValidation>();
        services.AddSingleton(sp => new HtmlCleaner(sp.GetRequiredService<IOptions<ContentOptions>>().Value));
        services.AddSingleton(new SourceDirectory());
        services.AddSingleton(sp => new ArticleNormaliser(sp.GetRequiredService<HtmlCleaner>(), sp.GetRequiredService<SourceDirectory>(),
            sp.GetRequiredService<IOptions<ContentOptions>>().Value));
        services.AddSingleton(sp => new IngestionOptions { MaxSeedBytes = sp.GetRequiredService<IOptions<FeedRelayOptions>>().Value.MaxSeedBytes });
        services.AddSingleton<IngestionService>();
        services.AddSingleton<IngestionCounters>();
        services.AddHostedService<SeedFolderWatcher>();
        return builder;
    }

    /// <summary>Maps FeedRelay's HTTP endpoints.</summary>
    public static WebApplication MapFeedRelay(this WebApplication app)
    {
        app.MapFeedEndpoints();
        app.MapArticleEndpoints();
        app.MapOperationsEndpoints();
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
