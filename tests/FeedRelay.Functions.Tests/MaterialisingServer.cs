using FeedRelay.Ingestion;
using FeedRelay.Storage.Azure;
using FeedRelay.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FeedRelay.Tests;

/// <summary>
/// One standalone server instance (Azure mode, on a test server) over an account's storage names; several instances over the
/// same <see cref="Account"/> share articles, index and materialised feeds, and nothing else (each has its own data folder).
/// </summary>
internal sealed class MaterialisingServer : IAsyncDisposable
{
    /// <summary>The public base URL materialised documents are made for.</summary>
    public const string BaseUrl = "https://feeds.example/";

    private readonly WebApplication _app;
    private readonly TempFolder _data;

    private MaterialisingServer(WebApplication app, TempFolder data) => (_app, _data) = (app, data);

    /// <summary>The instance's services.</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>The storage requests this instance sent so far.</summary>
    public long StorageRequests => Services.GetRequiredService<AzureStorageClients>().Requests.Count;

    /// <summary>Fresh storage names on the shared Azurite: one "account" for one or more instances.</summary>
    public static async Task<Dictionary<string, string?>> Account()
    {
        var azurite = await AzuriteServer.Shared;
        return new Dictionary<string, string?>
        {
            ["FeedRelay:Storage:Kind"] = "Azure",
            ["FeedRelay:Storage:ConnectionString"] = azurite.ConnectionString,
            ["FeedRelay:Storage:SeedsContainer"] = AzuriteServer.UniqueName("seeds-"),
            ["FeedRelay:Storage:ArticlesContainer"] = AzuriteServer.UniqueName("articles-"),
            ["FeedRelay:Storage:QuarantineContainer"] = AzuriteServer.UniqueName("quarantine-"),
            ["FeedRelay:Storage:FeedsContainer"] = AzuriteServer.UniqueName("feeds-"),
            ["FeedRelay:Storage:FeedRebuildQueue"] = AzuriteServer.UniqueName("feed-rebuilds-"),
            ["FeedRelay:Storage:TranslateQueue"] = AzuriteServer.UniqueName("translate-"),
            ["FeedRelay:Storage:TranslationCacheTable"] = AzuriteServer.UniqueName("cache"),
            ["FeedRelay:Storage:IndexTable"] = AzuriteServer.UniqueName("index"),
            ["FeedRelay:PublicBaseUrl"] = BaseUrl,
            ["FeedRelay:SeedsPath"] = "",
            ["FeedRelay:Feeds:RebuildDelayMs"] = "100",
        };
    }

    /// <summary>Starts an instance over <paramref name="account"/>, with <paramref name="extra"/> settings on top.</summary>
    public static async Task<MaterialisingServer> StartAsync(
        IReadOnlyDictionary<string, string?> account, IReadOnlyDictionary<string, string?>? extra = null, Action<IServiceCollection>? services = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Development });
        builder.WebHost.UseTestServer();
        builder.Configuration.AddInMemoryCollection(account);
        var data = TestPaths.NewTempFolder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["FeedRelay:DataPath"] = data.Path });
        builder.Configuration.AddInMemoryCollection(extra ?? new Dictionary<string, string?>());
        builder.AddFeedRelay();
        services?.Invoke(builder.Services);
        var app = builder.Build();
        app.MapFeedRelay();
        await app.StartAsync();
        return new MaterialisingServer(app, data);
    }

    /// <summary>Ingests the seed files <paramref name="names"/> (from the repository's <c>seeds/</c>), <paramref name="parallel"/> at once.</summary>
    public async Task IngestAsync(IEnumerable<string> names, int parallel = 4)
    {
        var ingestion = Services.GetRequiredService<IngestionService>();
        await Parallel.ForEachAsync(names, new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (name, ct) =>
            await ingestion.IngestAsync(name, await File.ReadAllBytesAsync(Path.Combine(TestPaths.Seeds, name), ct), ct));
    }

    /// <summary>GET <paramref name="pathAndQuery"/> from this instance: status, ETag and the identity body.</summary>
    public async Task<(int Status, string? ETag, byte[] Body)> GetAsync(string pathAndQuery, string? ifNoneMatch = null)
    {
        using var client = _app.GetTestClient();
        client.BaseAddress = new Uri(BaseUrl);
        using var request = new HttpRequestMessage(HttpMethod.Get, pathAndQuery);
        if (ifNoneMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        }

        using var response = await client.SendAsync(request);
        return ((int)response.StatusCode, response.Headers.ETag?.Tag, await response.Content.ReadAsByteArrayAsync());
    }

    /// <summary>The seed files of the repository's <c>seeds/</c> folder (not its notes).</summary>
    public static IReadOnlyList<string> SeedNames() =>
        Directory.GetFiles(TestPaths.Seeds).Select(Path.GetFileName).OfType<string>()
            .Where(n => n != "PROVENANCE.md" && !n.StartsWith('.')).Order(StringComparer.Ordinal).ToList();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _data.Dispose();
    }
}
