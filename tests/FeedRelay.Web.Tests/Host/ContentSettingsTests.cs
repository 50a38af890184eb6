using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Options;

namespace FeedRelay.Tests.Host;

/// <summary>FeedRelay:Content settings reach the cleaner and the normaliser, and bad ones stop the app at start.</summary>
public sealed class ContentSettingsTests
{
    [Fact]
    public async Task Source_language_and_image_re_proxy_come_from_configuration()
    {
        using var app = new FeedRelayApp();
        using var configured = app.WithWebHostBuilder(b => b
            .UseSetting("FeedRelay:Content:SourceLanguages:voa", "zh-Hant")
            .UseSetting("FeedRelay:Content:ImageProxyTemplate", "https://images.weserv.nl/?url={url}"));
        File.Copy(Path.Combine(TestPaths.Seeds, "004_8d4ffb861fbb6860.txt"), Path.Combine(app.SeedsPath, "voa.txt"));
        using var client = configured.CreateClient();

        var rss = await Eventually.WaitAsync(() => client.GetStringAsync("/api/feeds/all.rss"),
            body => body.Contains("<item>", StringComparison.Ordinal), "the seed in the feed");

        var id = System.Text.RegularExpressions.Regex.Match(rss, "article:([0-9a-f]+)</guid>").Groups[1].Value;
        var page = new HtmlParser().ParseDocument(await client.GetStringAsync("/api/articles/" + id));
        Assert.Equal("zh-Hant", page.DocumentElement.GetAttribute("lang"));
        var image = page.QuerySelector("article img")!.GetAttribute("src")!;
        Assert.StartsWith("https://images.weserv.nl/?url=https%3A%2F%2Fgdb.voanews.com%2F", image, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_content_settings_stop_the_app_at_start()
    {
        // Started directly rather than through WebApplicationFactory, whose deferred host can surface a failed
        // start as an ObjectDisposedException instead of the validation error.
        var settings = new Dictionary<string, string?> { ["FeedRelay:Content:ImageProxyTemplate"] = "http://proxy.example/no-placeholder" };

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => FeedRelayServer.StartAsync([], settings));

        Assert.Contains("FeedRelay:Content: ImageProxyTemplate must be an absolute https URL", error.Message, StringComparison.Ordinal);
    }
}
