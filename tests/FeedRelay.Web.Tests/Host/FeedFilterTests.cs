using System.Net;
using System.Text.Json;
using System.Xml.Linq;

namespace FeedRelay.Tests.Host;

public sealed class FeedFilterTests
{
    private static async Task<List<string>> TitlesAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync());
        return json.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("title").GetString()!).ToList();
    }

    [Fact]
    public async Task Each_filter_keeps_exactly_the_matching_articles()
    {
        var articles = SampleArticles.Load();
        await using var server = await FeedRelayServer.StartAsync(articles);
        using var client = server.CreateClient();

        Assert.Equal(["乌俄准备第二轮和谈 俄军攻势遇挫损失惨重", "俄罗斯入侵乌克兰 多个城市遭到导弹袭击"], await TitlesAsync(client, "api/feeds/all.json?source=voa"));
        var twoSources = await TitlesAsync(client, "api/feeds/all.json?source=voa&source=rfi");
        Assert.Equal(3, twoSources.Count);
        Assert.Contains("世界名企怕得罪中国拒撤北京冬奥赞助 维权者游说失败", twoSources);
        Assert.Equal(
            articles.Where(a => a.Categories.Contains("新闻")).Select(a => a.Title),
            await TitlesAsync(client, "api/feeds/all.json?category=%E6%96%B0%E9%97%BB"));
        Assert.Equal(["印尼暫停對台日輸出移工 回應兩國凍結政策"], await TitlesAsync(client, "api/feeds/all.json?language=zh-Hant"));
        Assert.Equal(["Scallion Dutch Baby"], await TitlesAsync(client, "api/feeds/all.json?language=en"));
        var keyword = await TitlesAsync(client, "api/feeds/all.json?q=%E4%BF%84");
        Assert.Equal(articles.Where(a => a.Title.Contains('俄', StringComparison.Ordinal) || a.Summary.Contains('俄', StringComparison.Ordinal)).Select(a => a.Title), keyword);
        Assert.Contains("俄罗斯入侵乌克兰 多个城市遭到导弹袭击", keyword);
        Assert.DoesNotContain("Scallion Dutch Baby", keyword);
        Assert.Equal(
            articles.Where(a => a.Published >= new DateTimeOffset(2022, 3, 1, 0, 0, 0, TimeSpan.Zero) && a.Id != SampleArticles.RepostId).Select(a => a.Title),
            await TitlesAsync(client, "api/feeds/all.json?since=2022-03-01"));
        Assert.Equal(3, (await TitlesAsync(client, "api/feeds/all.json?limit=3")).Count);
        Assert.Empty(await TitlesAsync(client, "api/feeds/voa.json?source=dw"));
    }

    [Theory]
    [InlineData("api/feeds/all.atom?limit=5", "api/feeds/all.atom?limit=5")]
    [InlineData("api/feeds/all.atom?source=voa&source=rfi&source=voa", "api/feeds/all.atom?source=rfi&source=voa")]
    [InlineData("api/feeds/all.atom?since=2022-03-01T12:00:00.5Z", "api/feeds/all.atom?since=2022-03-01T12%3A00%3A00.5Z")]
    [InlineData("api/feeds/all.atom?since=2022-03-01", "api/feeds/all.atom?since=2022-03-01T00%3A00%3A00Z")]
    public async Task The_self_link_names_the_document_served(string requested, string self)
    {
        await using var server = await FeedRelayServer.StartAsync(SampleArticles.Load());
        using var client = server.CreateClient();
        XNamespace atom = "http://www.w3.org/2005/Atom";

        var feed = XDocument.Parse(await client.GetStringAsync(requested));

        var href = feed.Root!.Elements(atom + "link").Single(l => l.Attribute("rel")?.Value == "self").Attribute("href")!.Value;
        Assert.EndsWith("/" + self, href, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("api/feeds/all.atom")]
    [InlineData("api/feeds/all.atom?lang=en&q=%E4%BF%84")]
    [InlineData("api/feeds/all.atom?limit=1")]
    public async Task Following_next_and_first_leads_to_a_document_whose_self_link_is_the_url_followed(string start)
    {
        // A default page of two items, so that the sample articles make several pages.
        await using var server = await FeedRelayServer.StartAsync(
            SampleArticles.Load(), new Dictionary<string, string?> { ["FeedRelay:FeedItemLimit"] = "2", ["FeedRelay:Feeds:ClusterMergedFeed"] = "false" });
        using var client = server.CreateClient();
        XNamespace atom = "http://www.w3.org/2005/Atom";
        string? Link(XDocument feed, string rel) =>
            feed.Root!.Elements(atom + "link").SingleOrDefault(l => l.Attribute("rel")?.Value == rel)?.Attribute("href")!.Value;

        var next = Link(XDocument.Parse(await client.GetStringAsync(start)), "next");
        Assert.NotNull(next);
        var second = XDocument.Parse(await client.GetStringAsync(next));
        Assert.Equal(next, Link(second, "self"));
        var first = Link(second, "first");
        Assert.NotNull(first);
        Assert.Equal(first, Link(XDocument.Parse(await client.GetStringAsync(first)), "self"));
        Assert.EndsWith("/" + start, first, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_filter_makes_a_feed_with_its_own_atom_id_and_the_unfiltered_feed_keeps_its_id()
    {
        await using var server = await FeedRelayServer.StartAsync(SampleArticles.Load());
        using var client = server.CreateClient();
        XNamespace atom = "http://www.w3.org/2005/Atom";
        async Task<string> IdAsync(string query) =>
            XDocument.Parse(await client.GetStringAsync("api/feeds/all.atom" + query)).Root!.Element(atom + "id")!.Value;

        Assert.Equal("tag:feedrelay,2026:feed:all:original", await IdAsync(""));
        Assert.Equal("tag:feedrelay,2026:feed:all:en", await IdAsync("?lang=en"));
        // The page size and the page do not make another feed; the case of a case-insensitive filter does not either.
        Assert.Equal("tag:feedrelay,2026:feed:all:original", await IdAsync("?limit=5"));
        Assert.Equal(await IdAsync("?category=World"), await IdAsync("?category=world"));
        Assert.Equal(await IdAsync("?source=voa&source=rfi"), await IdAsync("?source=rfi&source=voa"));
        string[] filters = ["", "?category=%E6%96%B0%E9%97%BB", "?q=%E4%BF%84", "?source=voa", "?language=en", "?since=2022-03-01", "?source=voa&q=%E4%BF%84"];
        var ids = new List<string>();
        foreach (var filter in filters)
        {
            ids.Add(await IdAsync(filter));
        }

        Assert.Equal(filters.Length, ids.Distinct().Count());
        Assert.Equal("tag:feedrelay,2026:feed:all:original?source=voa&q=%E4%BF%84", ids[^1]);
    }

    [Fact]
    public async Task More_sources_than_a_request_may_name_is_a_bad_request()
    {
        await using var server = await FeedRelayServer.StartAsync(SampleArticles.Load());
        using var client = server.CreateClient();

        using var response = await client.GetAsync("api/feeds/all.atom?" + string.Join('&', Enumerable.Range(0, 65).Select(i => $"source=s{i}")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task The_merged_feed_shows_a_story_once_with_the_other_outlet_as_a_related_link_and_the_source_feed_keeps_it()
    {
        await using var server = await FeedRelayServer.StartAsync(SampleArticles.Load());
        using var client = server.CreateClient();
        XNamespace atom = "http://www.w3.org/2005/Atom";

        var all = XDocument.Parse(await client.GetStringAsync("api/feeds/all.atom?limit=500"));
        var entries = all.Root!.Elements(atom + "entry").Where(e => e.Element(atom + "title")!.Value.Contains("空中卫士23", StringComparison.Ordinal)).ToList();
        var entry = Assert.Single(entries);
        Assert.Equal(SampleArticles.ClusteredTitle, entry.Element(atom + "title")!.Value);
        var related = Assert.Single(entry.Elements(atom + "link"), l => l.Attribute("rel")!.Value == "related");
        Assert.Equal("https://chinadigitaltimes.net/chinese/2023/06/repost-air-defender-23", related.Attribute("href")!.Value);
        Assert.Equal("中国数字时代", related.Attribute("title")!.Value);

        var cdt = await TitlesAsync(client, "api/feeds/cdt.json");
        Assert.Contains("【转载】带你深入：北约“空中卫士23”", cdt);
    }

    [Fact]
    public async Task Clustering_can_be_switched_off()
    {
        await using var server = await FeedRelayServer.StartAsync(SampleArticles.Load(), new Dictionary<string, string?> { ["FeedRelay:Feeds:ClusterMergedFeed"] = "false" });
        using var client = server.CreateClient();

        var titles = await TitlesAsync(client, "api/feeds/all.json?limit=500");

        Assert.Equal(2, titles.Count(t => t.Contains("空中卫士23", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("lang=fr", "lang")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=501", "limit")]
    [InlineData("limit=ten", "limit")]
    [InlineData("source=No%20Such", "source")]
    [InlineData("source=nosuchsource", "source")]
    [InlineData("language=%E4%B8%AD%E6%96%87", "language")]
    [InlineData("since=yesterday", "since")]
    [InlineData("category=", null)]
    public async Task Invalid_values_get_400_problem_details_naming_the_parameter(string query, string? parameter)
    {
        await using var server = await FeedRelayServer.StartAsync(SampleArticles.Load());
        using var client = server.CreateClient();

        using var response = await client.GetAsync("api/feeds/all.rss?" + query);

        if (parameter is null)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return;
        }

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.True(problem.GetProperty("errors").TryGetProperty(parameter, out _), problem.ToString());
        Assert.Contains($"'{parameter}'", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
