using System.Text.RegularExpressions;
using System.Xml.Linq;
using AngleSharp.Html.Parser;

namespace FeedRelay.Tests.Host;

/// <summary>OWASP filter-evasion vectors dropped into the seeds folder in both seed formats, read back through the running app.</summary>
public sealed partial class XssTests
{
    private static readonly XNamespace Content = "http://purl.org/rss/1.0/modules/content/";
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";

    [Fact]
    public async Task Nothing_executable_survives_into_feeds_or_the_article_page()
    {
        var vectors = Vectors();
        using var app = new FeedRelayApp();
        await File.WriteAllTextAsync(Path.Combine(app.SeedsPath, "xss-hexo.md"),
            "\n---\ntitle: 'XSS vectors in a Hexo post'\ncategories: \n - test\nheadimg: 'javascript:alert(1)'\nauthor: XSS Test\ncomments: false\n"
            + "date: Wed, 02 Mar 2022 02:20:08 GMT\n---\n\n<div>   \n" + string.Join("\n", vectors) + "  \n</div>\n            ");
        await File.WriteAllTextAsync(Path.Combine(app.SeedsPath, "xss-link-header.md"),
            "<!--1646087943000-->\n[XSS vectors in a link-header post](https://www.voachinese.com/a/xss-test/1.html)\n------\n\n"
            + "<div><i>Mon, 28 Feb 2022 22:29:57 GMT</i></div>" + string.Join("", vectors) + "\n");
        await app.WaitForAsync("/api/health", body => body.Contains("\"articles\":2", StringComparison.Ordinal));
        using var client = app.CreateClient();

        var rss = XDocument.Parse(await client.GetStringAsync("/api/feeds/all.rss"));
        var atom = XDocument.Parse(await client.GetStringAsync("/api/feeds/all.atom"));

        var rssItems = rss.Descendants("item").ToList();
        Assert.Equal(2, rssItems.Count);
        foreach (var item in rssItems)
        {
            var html = item.Element(Content + "encoded")?.Value ?? "";
            Assert.Contains("xxs link", html, StringComparison.Ordinal); // the content is there, just defused
            AssertSafe("RSS content:encoded", html);
            AssertSafe("RSS description", item.Element("description")?.Value ?? "");
            // The lead image may come from a hostile src, but it is only ever an http(s) URL (the text of the
            // vector may survive percent-encoded in its path, where it is inert).
            if (item.Element("enclosure")?.Attribute("url")?.Value is { } enclosure)
            {
                Assert.True(Uri.TryCreate(enclosure, UriKind.Absolute, out var url) && url.Scheme is "http" or "https", enclosure);
            }
        }

        var entries = atom.Descendants(Atom + "entry").ToList();
        Assert.Equal(2, entries.Count);
        foreach (var entry in entries)
        {
            AssertSafe("Atom content", entry.Element(Atom + "content")?.Value ?? "");
        }

        foreach (var guid in rssItems.Select(i => i.Element("guid")!.Value))
        {
            var id = ArticleId().Match(guid).Groups[1].Value;
            var page = await client.GetStringAsync("/api/articles/" + id);
            var document = new HtmlParser().ParseDocument(page);
            var article = document.QuerySelector("article")!;
            Assert.Contains("xxs link", article.TextContent, StringComparison.Ordinal);
            var problems = ExecutableHtml.Problems(article);
            Assert.True(problems.Count == 0, $"article page {id}:\n" + string.Join("\n", problems));
            Assert.Empty(document.QuerySelectorAll("script"));
        }
    }

    private static void AssertSafe(string where, string html)
    {
        var problems = ExecutableHtml.Problems(html);
        Assert.True(problems.Count == 0, $"{where}:\n" + string.Join("\n", problems) + "\n--- html ---\n" + html);
    }

    /// <summary>The vectors of tests/fixtures/content/xss-vectors.html, without its leading comment.</summary>
    internal static IReadOnlyList<string> Vectors()
    {
        var text = File.ReadAllText(Path.Combine(TestPaths.Fixtures, "content", "xss-vectors.html"));
        var body = text[(text.IndexOf("-->", StringComparison.Ordinal) + 3)..];
        return body.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    [GeneratedRegex("article:([0-9a-f]+)$")]
    private static partial Regex ArticleId();
}
