using System.Net;
using System.Xml.Linq;
using Microsoft.Playwright;

namespace FeedRelay.Tests.Host;

public sealed class FeedDiscoveryTests
{
    private static readonly string[] ChromiumArgs =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    [Fact]
    public async Task The_index_in_headless_Chromium_lists_sources_and_a_subscribe_link_leads_to_the_feed()
    {
        await using var server = await FeedRelayServer.StartAsync(SampleArticles.Load());
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ChromiumArgs,
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { AcceptDownloads = true });

        var index = await page.GotoAsync(server.BaseUrl.AbsoluteUri);

        Assert.Equal(200, index!.Status);
        Assert.Equal("FeedRelay feeds", await page.TitleAsync());
        Assert.Equal("2", await page.Locator("tr[data-feed=voa] td.count").InnerTextAsync());
        Assert.Equal("2022-02-28T22:29:57Z", await page.Locator("tr[data-feed=voa] td.latest time").GetAttributeAsync("datetime"));
        Assert.Equal(SampleArticles.Load().Count.ToString(System.Globalization.CultureInfo.InvariantCulture), await page.Locator("tr[data-feed=all] td.count").InnerTextAsync());
        var autodiscovery = await page.Locator("head link[rel=alternate]").EvaluateAllAsync<string[]>("links => links.map(l => l.type + ' ' + l.href)");
        Assert.Contains($"application/atom+xml {server.BaseUrl}api/feeds/all.atom", autodiscovery);
        Assert.Contains($"application/rss+xml {server.BaseUrl}api/feeds/voa.rss", autodiscovery);
        Assert.Contains($"application/feed+json {server.BaseUrl}api/feeds/voa.json", autodiscovery);

        var subscribe = page.Locator("tr[data-feed=voa] a[data-format=atom][data-view=en]");
        var href = await subscribe.GetAttributeAsync("href");
        Assert.Equal($"{server.BaseUrl}api/feeds/voa.atom?lang=en", href);
        var response = await page.RunAndWaitForResponseAsync(() => subscribe.ClickAsync(), r => r.Url == href);

        Assert.Equal(200, response.Status);
        Assert.StartsWith("application/atom+xml", response.Headers["content-type"], StringComparison.Ordinal);
        var parsed = await FeedParserPython.ParseAsync(await response.BodyAsync());
        Assert.Equal(0, parsed.GetProperty("bozo").GetInt32());
        Assert.Equal(2, parsed.GetProperty("entries").GetArrayLength());
    }

    [Fact]
    public async Task Opml_lists_every_feed_in_every_view_and_each_one_is_served()
    {
        var articles = SampleArticles.Load();
        await using var server = await FeedRelayServer.StartAsync(articles);
        using var client = server.CreateClient();

        using var response = await client.GetAsync("api/feeds.opml");
        var opml = XDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal("text/x-opml", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("2.0", opml.Root!.Attribute("version")!.Value);
        var feeds = opml.Descendants("outline").Where(o => o.Attribute("xmlUrl") is not null).ToList();
        var sources = articles.Select(a => a.SourceSlug).Distinct().Count();
        Assert.Equal((sources + 1) * 3, feeds.Count);
        Assert.All(feeds, f => Assert.Equal("rss", f.Attribute("type")!.Value));
        foreach (var url in feeds.Select(f => f.Attribute("xmlUrl")!.Value))
        {
            using var feed = await client.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, feed.StatusCode);
        }
    }

    [Fact]
    public async Task Api_feeds_is_the_same_index_and_the_article_page_links_to_the_original()
    {
        var articles = SampleArticles.Load();
        await using var server = await FeedRelayServer.StartAsync(articles);
        using var client = server.CreateClient();

        using var indexResponse = await client.GetAsync("api/feeds");
        var index = await indexResponse.Content.ReadAsStringAsync();
        Assert.Contains("<tr data-feed=\"voa\">", index, StringComparison.Ordinal);
        Assert.Contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">", index, StringComparison.Ordinal);
        Assert.Contains("rel=\"alternate\" type=\"application/feed+json\"", index, StringComparison.Ordinal);

        var voa = articles.First(a => a.SourceSlug == "voa");
        using var pageResponse = await client.GetAsync($"api/articles/{voa.Id}");
        using var feedResponse = await client.GetAsync("api/feeds/voa.rss");
        Assert.All([indexResponse, pageResponse, feedResponse], r => Assert.Equal(["nosniff"], r.Headers.GetValues("X-Content-Type-Options")));
        var page = await pageResponse.Content.ReadAsStringAsync();
        Assert.Contains($"<a href=\"{voa.Link!.AbsoluteUri}\"", page, StringComparison.Ordinal);

        var translated = articles.First(a => a.Translation is not null);
        var english = await client.GetStringAsync($"api/articles/{translated.Id}?lang=en");
        var both = await client.GetStringAsync($"api/articles/{translated.Id}?lang=both");
        Assert.Contains($"<section lang=\"en\"><h2>{WebUtility.HtmlEncode(translated.Translation!.Title)}</h2>", english, StringComparison.Ordinal);
        Assert.DoesNotContain(translated.ContentHtml, english, StringComparison.Ordinal);
        Assert.True(both.IndexOf("<section lang=\"en\">", StringComparison.Ordinal) < both.IndexOf(translated.ContentHtml, StringComparison.Ordinal));
    }
}
