using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace FeedRelay.Tests.Host;

/// <summary>The whole app in memory over its own temporary seeds and data folders.</summary>
internal sealed class FeedRelayApp : WebApplicationFactory<Program>
{
    private readonly TempFolder _root = TestPaths.NewTempFolder();

    public FeedRelayApp()
    {
        Directory.CreateDirectory(SeedsPath);
    }

    public string SeedsPath => Path.Combine(_root.Path, "seeds");

    public string DataPath => Path.Combine(_root.Path, "data");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("FeedRelay:SeedsPath", SeedsPath);
        builder.UseSetting("FeedRelay:DataPath", DataPath);
        builder.UseSetting("FeedRelay:RescanIntervalMs", "500");
        builder.UseSetting("FeedRelay:SettleDelayMs", "50");
    }

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
            _root.Dispose();
        }
    }
}
