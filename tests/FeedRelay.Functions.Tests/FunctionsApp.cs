using System.Text;
using FeedRelay.Functions;
using FeedRelay.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FeedRelay.Tests;

/// <summary>
/// The Functions app's real DI container (the same <c>AddFunctionsDefaults</c> + <c>AddFeedRelay(Functions)</c> as its
/// Program) over a fresh, uniquely named storage on the shared Azurite, and beside it the standalone server's
/// <c>MapFeedRelay</c> app over the same storage, so that a function and the server's route can be asked the same thing.
/// </summary>
internal sealed class FunctionsApp : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly WebApplication _server;

    private FunctionsApp(IHost host, WebApplication server, Dictionary<string, string?> settings)
    {
        _host = host;
        _server = server;
        Settings = settings;
    }

    /// <summary>The app settings both apps were started with.</summary>
    public Dictionary<string, string?> Settings { get; }

    /// <summary>The Functions app's services.</summary>
    public IServiceProvider Services => _host.Services;

    /// <summary>The server's endpoints.</summary>
    public IEnumerable<RouteEndpoint> ServerEndpoints => ((IEndpointRouteBuilder)_server).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>();

    /// <summary>
    /// Starts both apps; <paramref name="extra"/> settings are added to the storage ones, and the Functions app runs on
    /// <paramref name="clock"/> when given.
    /// </summary>
    public static async Task<FunctionsApp> StartAsync(IReadOnlyDictionary<string, string?>? extra = null, TimeProvider? clock = null)
    {
        var azurite = await AzuriteServer.Shared;
        var settings = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["FeedRelay:Storage:SeedsContainer"] = AzuriteServer.UniqueName("seeds-"),
            ["FeedRelay:Storage:ArticlesContainer"] = AzuriteServer.UniqueName("articles-"),
            ["FeedRelay:Storage:QuarantineContainer"] = AzuriteServer.UniqueName("quarantine-"),
            ["FeedRelay:Storage:TranslateQueue"] = AzuriteServer.UniqueName("translate-"),
            ["FeedRelay:Storage:TranslationCacheTable"] = AzuriteServer.UniqueName("cache"),
            ["FeedRelay:DataPath"] = Path.Combine(Path.GetTempPath(), AzuriteServer.UniqueName("feedrelay-data-")),
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = Environments.Development });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddFunctionsDefaults();
        builder.AddFeedRelay(FeedRelayHosting.Functions);
        if (clock is not null)
        {
            builder.Services.AddSingleton(clock);
        }

        builder.Services.AddRouting();
        var host = builder.Build();
        await host.StartAsync();

        var serverBuilder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Development });
        serverBuilder.WebHost.UseTestServer();
        serverBuilder.Configuration.AddInMemoryCollection(settings);
        serverBuilder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["FeedRelay:Storage:Kind"] = "Azure", ["FeedRelay:SeedsPath"] = "" });
        serverBuilder.AddFeedRelay();
        var server = serverBuilder.Build();
        server.MapFeedRelay();
        await server.StartAsync();
        return new FunctionsApp(host, server, settings);
    }

    /// <summary>A function class built by the container, as the worker builds it for each invocation.</summary>
    public T Create<T>() => ActivatorUtilities.CreateInstance<T>(_host.Services);

    /// <summary>Uploads <paramref name="content"/> as the seed blob <paramref name="name"/> (replacing it) and returns its client, as the blob trigger binds it.</summary>
    public async Task<Azure.Storage.Blobs.BlobClient> SeedBlobAsync(string name, byte[] content)
    {
        var container = new Azure.Storage.Blobs.BlobContainerClient((await AzuriteServer.Shared).ConnectionString, Settings["FeedRelay:Storage:SeedsContainer"]);
        await container.CreateIfNotExistsAsync();
        var blob = container.GetBlobClient(name);
        await blob.UploadAsync(BinaryData.FromBytes(content), overwrite: true);
        return blob;
    }

    /// <summary>Calls an HTTP function with a request for <paramref name="pathAndQuery"/> and executes the <see cref="IResult"/> it returns.</summary>
    public async Task<Reply> CallAsync<T>(string method, string pathAndQuery, Func<T, HttpRequest, Task<IResult>> function, params (string Name, string Value)[] headers)
    {
        await using var scope = _host.Services.CreateAsyncScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        var query = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
        context.Request.Method = method;
        context.Request.Scheme = "http";
        context.Request.Host = new HostString("localhost");
        context.Request.Path = query < 0 ? pathAndQuery : pathAndQuery[..query];
        context.Request.QueryString = new QueryString(query < 0 ? "" : pathAndQuery[query..]);
        foreach (var (name, value) in headers)
        {
            context.Request.Headers.Append(name, value);
        }

        using var body = new MemoryStream();
        context.Response.Body = body;
        var result = await function(ActivatorUtilities.CreateInstance<T>(scope.ServiceProvider), context.Request);
        await result.ExecuteAsync(context);
        return new Reply(context.Response.StatusCode, Headers(context.Response.Headers), body.ToArray());
    }

    /// <summary>The server's answer to the same request.</summary>
    public async Task<Reply> ServerAsync(string method, string pathAndQuery, params (string Name, string Value)[] headers)
    {
        using var client = _server.GetTestClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), pathAndQuery);
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await client.SendAsync(request);
        var all = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            all[name] = string.Join(", ", values);
        }

        return new Reply((int)response.StatusCode, all, await response.Content.ReadAsByteArrayAsync());
    }

    public async ValueTask DisposeAsync()
    {
        await _server.StopAsync();
        await _server.DisposeAsync();
        await _host.StopAsync();
        _host.Dispose();
        if (Settings["FeedRelay:DataPath"] is { } data && Directory.Exists(data))
        {
            Directory.Delete(data, recursive: true);
        }
    }

    private static Dictionary<string, string> Headers(IHeaderDictionary headers) =>
        headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);

    /// <summary>Status, headers and body of one answer.</summary>
    public sealed record Reply(int Status, IReadOnlyDictionary<string, string> Headers, byte[] Body)
    {
        /// <summary>The body as UTF-8 text.</summary>
        public string Text => Encoding.UTF8.GetString(Body);

        /// <summary>A header's value, or null.</summary>
        public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
    }
}
