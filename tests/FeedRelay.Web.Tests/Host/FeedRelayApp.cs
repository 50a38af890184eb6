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
        var body = "";
        for (var attempt = 0; attempt < 150; attempt++)
        {
            body = await client.GetStringAsync(path);
            if (condition(body))
            {
                return body;
            }

            await Task.Delay(100);
        }

        throw new Xunit.Sdk.XunitException($"{path} never satisfied the condition; last body:\n{body}");
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
