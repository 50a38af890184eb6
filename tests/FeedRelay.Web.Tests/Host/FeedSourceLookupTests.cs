using System.Net;
using FeedRelay.Storage;

namespace FeedRelay.Tests.Host;

/// <summary>
/// A feed request reads only the sources it names, by key, never the list of every source (a store may hold very many:
/// each uncached page or filter would read them all).
/// </summary>
public sealed class FeedSourceLookupTests
{
    private const string VoaTitle = "乌俄准备第二轮和谈 俄军攻势遇挫损失惨重";

    [Fact]
    public async Task Feeds_of_all_sources_of_one_and_of_named_ones_never_list_every_source()
    {
        using var app = new FeedRelayApp();
        IArticleStore? inner = null;
        using var configured = app.WithStore(store => new NoListingStore(inner = store));
        File.Copy(Path.Combine(TestPaths.Seeds, "004_8d4ffb861fbb6860.txt"), Path.Combine(app.SeedsPath, "voa.txt"));
        using var client = configured.CreateClient();
        await Eventually.WaitAsync(() => client.GetStringAsync("/api/feeds/all.rss"),
            body => body.Contains(VoaTitle, StringComparison.Ordinal), "the VOA seed in the merged feed");
        var slug = Assert.Single(await inner!.ListSourcesAsync()).Slug;

        foreach (var path in new[] { $"/api/feeds/{slug}.atom", $"/api/feeds/all.json?source={slug}", $"/api/feeds/{slug}.rss?source={slug}&limit=5" })
        {
            Assert.Contains(VoaTitle, await client.GetStringAsync(path), StringComparison.Ordinal);
        }

        using var unknownFeed = await client.GetAsync("/api/feeds/no-such-source.rss");
        Assert.Equal(HttpStatusCode.NotFound, unknownFeed.StatusCode);
        using var unknownFilter = await client.GetAsync($"/api/feeds/all.rss?source={slug}&source=no-such-source");
        Assert.Equal(HttpStatusCode.BadRequest, unknownFilter.StatusCode);
    }

    /// <summary>Fails the test's requests if anything lists every source.</summary>
    private sealed class NoListingStore(IArticleStore inner) : ForwardingArticleStore(inner)
    {
        public override Task<IReadOnlyList<SourceSummary>> ListSourcesAsync(CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("a feed request listed every source");
    }
}
