using System.Net;

namespace FeedRelay.Tests.Host;

public sealed class FeedEndpointTests
{
    [Theory]
    [InlineData("/api/feeds/all.rss", "application/rss+xml")]
    [InlineData("/api/feeds/all.atom", "application/atom+xml")]
    [InlineData("/api/feeds/voa.rss", "application/rss+xml")]
    public async Task Feeds_have_their_media_type_and_parse_with_feedparser(string path, string mediaType)
    {
        using var app = new FeedRelayApp();
        File.Copy(Path.Combine(TestPaths.Seeds, "004_8d4ffb861fbb6860.txt"), Path.Combine(app.SeedsPath, "voa.txt"));
        File.Copy(Path.Combine(TestPaths.Seeds, "000_e32e7bf9eae6693a.txt"), Path.Combine(app.SeedsPath, "aj.txt"));
        await app.WaitForAsync("/api/health", body => body.Contains("\"articles\":2", StringComparison.Ordinal));
        using var client = app.CreateClient();

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        var parsed = await FeedParserPython.ParseAsync(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(0, parsed.GetProperty("bozo").GetInt32());
        var voa = parsed.GetProperty("entries").EnumerateArray().Single(e => e.GetProperty("title").GetString() == "乌俄准备第二轮和谈 俄军攻势遇挫损失惨重");
        Assert.StartsWith("https://www.voachinese.com/a/", voa.GetProperty("link").GetString());
        Assert.Equal("2022-02-28T22:29:57Z", voa.GetProperty("published").GetString());
    }

    [Fact]
    public async Task Unknown_source_and_format_are_404()
    {
        using var app = new FeedRelayApp();
        using var client = app.CreateClient();

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/feeds/nope.rss")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/feeds/all.pdf")).StatusCode);
    }

    [Theory]
    [InlineData("/api/feeds/all.rss")]
    [InlineData("/")]
    [InlineData("/api/feeds.opml")]
    public async Task A_request_without_a_host_is_answered_with_localhost_links_not_a_500(string path)
    {
        using var app = new FeedRelayApp();
        using var _ = app.CreateClient(); // starts the server

        var response = await app.Server.SendAsync(c =>
        {
            c.Request.Method = "GET";
            c.Request.Protocol = "HTTP/1.0";
            c.Request.Path = path;
            c.Request.Host = default;
        });

        Assert.Equal(200, response.Response.StatusCode);
    }

    [Fact]
    public async Task An_item_without_a_link_points_to_the_article_page()
    {
        using var app = new FeedRelayApp();
        await File.WriteAllTextAsync(Path.Combine(app.SeedsPath, "nolink.md"),
            "---\ntitle: 'No link here'\nauthor: Test Source\ndate: Wed, 02 Mar 2022 02:20:08 GMT\n---\n<p>Body <script>alert(1)</script>text</p>\n");
        var rss = await app.WaitForAsync("/api/feeds/all.rss", body => body.Contains("No link here", StringComparison.Ordinal));
        var link = System.Text.RegularExpressions.Regex.Match(rss, "<link>(http://localhost/api/articles/[0-9a-f]+)</link>").Groups[1].Value;
        using var client = app.CreateClient();

        var page = await client.GetStringAsync(new Uri(link).PathAndQuery);

        Assert.Contains("<h1>No link here</h1>", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", page, StringComparison.Ordinal);
    }
}
