using System.Net;
using FeedRelay.Web;
using FeedRelay.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FeedRelay.Tests.Host;

/// <summary>
/// The real app on a real loopback socket (Kestrel on 127.0.0.1, a port the OS picks), wired through the same
/// AddFeedRelay/MapFeedRelay as Program, over a temporary store pre-filled with articles. For peers that need a
/// socket: Chromium, newsboat, a WebSub hub.
/// </summary>
internal sealed class FeedRelayServer : IAsyncDisposable
{
    private readonly TempFolder _root;
    private readonly WebApplication _app;

    private FeedRelayServer(TempFolder root, WebApplication app, Uri baseUrl)
    {
        _root = root;
        _app = app;
        BaseUrl = baseUrl;
    }

    /// <summary>Where the server listens, ending with '/'.</summary>
    public Uri BaseUrl { get; }

    /// <summary>The app's services.</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>The app's article store.</summary>
    public IArticleStore Store => _app.Services.GetRequiredService<IArticleStore>();

    /// <summary>
    /// Starts the app over <paramref name="articles"/> with extra configuration <paramref name="settings"/>, on
    /// <paramref name="clock"/> when given (the store's change times, for tests of date validators).
    /// </summary>
    public static async Task<FeedRelayServer> StartAsync(
        IEnumerable<Article> articles, IReadOnlyDictionary<string, string?>? settings = null, TimeProvider? clock = null)
    {
        var root = TestPaths.NewTempFolder();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(Program).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = Environments.Development,
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [WebHostDefaults.ServerUrlsKey] = "http://127.0.0.1:0",
            ["FeedRelay:SeedsPath"] = "",
            ["FeedRelay:DataPath"] = Path.Combine(root.Path, "data"),
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddFeedRelay();
        if (clock is not null)
        {
            builder.Services.AddSingleton(clock);
        }

        var app = builder.Build();
        app.MapFeedRelay();
        var store = app.Services.GetRequiredService<IArticleStore>();
        foreach (var article in articles)
        {
            await store.UpsertAsync(article);
        }

        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new FeedRelayServer(root, app, new Uri(address.TrimEnd('/') + "/"));
    }

    /// <summary>A client of this server that does not decompress, so tests see the bytes on the wire.</summary>
    public HttpClient CreateClient() =>
        new(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.None, UseProxy = false }) { BaseAddress = BaseUrl };

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _root.Dispose();
    }
}
