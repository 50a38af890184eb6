using FeedRelay.Storage;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace FeedRelay.Tests.Host;

/// <summary>The whole app in memory over its own temporary seeds and data folders, or over another app's (a restart).</summary>
internal sealed class FeedRelayApp : WebApplicationFactory<Program>
{
    private readonly TempFolder? _owned;
    private readonly string _root;

    public FeedRelayApp()
        : this(null)
    {
    }

    /// <summary>An app over <c>seeds/</c> and <c>data/</c> in <paramref name="root"/> (owned by the caller; a restart is a second app over it), or in its own temporary folder.</summary>
    public FeedRelayApp(string? root)
    {
        if (root is null)
        {
            _owned = TestPaths.NewTempFolder();
            root = _owned.Path;
        }

        _root = root;
        Directory.CreateDirectory(SeedsPath);
    }

    public string SeedsPath => Path.Combine(_root, "seeds");

    public string DataPath => Path.Combine(_root, "data");

    /// <summary>Extra settings, as the environment would give them.</summary>
    public Dictionary<string, string> Settings { get; } = new(StringComparer.Ordinal);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("FeedRelay:SeedsPath", SeedsPath);
        builder.UseSetting("FeedRelay:DataPath", DataPath);
        builder.UseSetting("FeedRelay:RescanIntervalMs", "500");
        builder.UseSetting("FeedRelay:SettleDelayMs", "50");
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
    }

    /// <summary>This app with its registered article store (SQLite) wrapped by <paramref name="wrap"/> (a store that counts, fails or checks calls).</summary>
    public WebApplicationFactory<Program> WithStore(Func<IArticleStore, IArticleStore> wrap) =>
        WithWebHostBuilder(b => b.ConfigureTestServices(services =>
        {
            var registered = services.Last(d => d.ServiceType == typeof(IArticleStore));
            services.AddSingleton(sp => wrap((IArticleStore)registered.ImplementationFactory!(sp)));
        }));

    /// <summary>Polls <paramref name="path"/> until its body satisfies <paramref name="condition"/>; fails after a generous bound.</summary>
    public async Task<string> WaitForAsync(string path, Func<string, bool> condition)
    {
        using var client = CreateClient();
        return await Eventually.WaitAsync(() => client.GetStringAsync(path), condition, $"{path} to satisfy the condition");
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _owned?.Dispose();
        }
    }
}
