using FeedRelay.Web.Operations;
using System.Xml.Linq;
using Microsoft.Extensions.DependencyInjection;

namespace FeedRelay.Tests.Host;

public sealed class FeedWebSubTests
{
    [Fact]
    public async Task With_a_hub_configured_feeds_link_to_it_and_changes_are_published_to_it()
    {
        await using var hub = await FakeHub.StartAsync();
        await using var server = await FeedRelayServer.StartAsync(SampleArticles.Load(), new Dictionary<string, string?>
        {
            ["FeedRelay:PublicBaseUrl"] = "http://feeds.test/",
            ["FeedRelay:Feeds:WebSubHubUrl"] = hub.Url.AbsoluteUri,
            ["FeedRelay:Feeds:WebSubPollMs"] = "100",
        });
        using var client = server.CreateClient();

        var rss = XDocument.Parse(await client.GetStringAsync("api/feeds/voa.rss"));
        XNamespace atom = "http://www.w3.org/2005/Atom";
        Assert.Contains(rss.Descendants(atom + "link"), l => l.Attribute("rel")?.Value == "hub" && l.Attribute("href")?.Value == hub.Url.AbsoluteUri);
        Assert.Contains("\"hubs\"", await client.GetStringAsync("api/feeds/all.json"), StringComparison.Ordinal);
        // Only the documents the publisher announces name the hub: not a page, not a filtered feed.
        Assert.DoesNotContain("\"hubs\"", await client.GetStringAsync("api/feeds/all.json?limit=3"), StringComparison.Ordinal);
        Assert.DoesNotContain("\"hubs\"", await client.GetStringAsync("api/feeds/all.json?category=probe"), StringComparison.Ordinal);

        // Start-up publishes every feed once; then only what changes.
        var feeds = SampleArticles.Load().Select(a => a.SourceSlug).Distinct().Count() + 1;
        await Eventually.WaitAsync(() => hub.Published.Count == feeds * 9, "start-up publish of every feed in every format and view");
        Assert.All(hub.Published, p => Assert.Equal("publish", p.Mode));
        Assert.Contains(hub.Published, p => p.Topic == "http://feeds.test/api/feeds/voa.rss");
        hub.Published.Clear();

        var voa = SampleArticles.Load().First(a => a.SourceSlug == "voa");
        await server.Store.UpsertAsync(voa with { Id = "breaking", Title = "Breaking", Published = voa.Published.AddHours(1) });

        await Eventually.WaitAsync(() => hub.Published.Any(p => p.Topic == "http://feeds.test/api/feeds/voa.atom?lang=en"), "publish of the changed feed");
        var health = server.Services.GetRequiredService<BackgroundHealth>();
        await Eventually.StaysAsync(() => hub.Published.Select(p => p.Topic).Distinct().Count() <= 18, () => health.Rounds("websub"), 3,
            "only the changed source's and the merged feeds are published");
        var topics = hub.Published.Select(p => p.Topic).ToHashSet();
        Assert.Contains("http://feeds.test/api/feeds/all.rss", topics);
        Assert.Contains("http://feeds.test/api/feeds/voa.json?lang=both", topics);
        Assert.DoesNotContain(topics, t => t.Contains("/dw.", StringComparison.Ordinal));
        Assert.Equal(18, topics.Count);
    }

    [Fact]
    public async Task Without_a_hub_feeds_carry_no_hub_link()
    {
        await using var server = await FeedRelayServer.StartAsync(SampleArticles.Load());
        using var client = server.CreateClient();

        var rss = await client.GetStringAsync("api/feeds/all.rss");

        Assert.DoesNotContain("rel=\"hub\"", rss, StringComparison.Ordinal);
    }
}
