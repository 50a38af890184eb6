using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using FeedRelay.Feeds;
using FeedRelay.Ingestion;

namespace FeedRelay.Tests.Feeds;

/// <summary>
/// What the W3C feed validator and the specifications ask beyond well-formedness: no blank required or optional elements, URIs
/// where a format asks for a URI, no control characters, distinct ids for distinct feeds, a plausible date on an empty feed.
/// </summary>
public sealed class FeedValidityTests
{
    private static readonly Uri Base = new("http://feeds.example/");
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";
    private static readonly XNamespace Dc = "http://purl.org/dc/elements/1.1/";
    private static readonly DateTimeOffset At = new(2026, 3, 4, 5, 6, 7, TimeSpan.Zero);

    private static FeedDescription Feed(string filterQuery = "") =>
        new("all", "All", new Uri(Base, "api/feeds/all"), Base, id => new Uri(Base, "api/articles/" + id)) { FilterQuery = filterQuery };

    [Theory]
    [MemberData(nameof(FormatsAndViews.All), MemberType = typeof(FormatsAndViews))]
    public async Task Fields_made_only_of_characters_no_feed_can_carry_leave_no_empty_element(FeedFormat format, FeedView view)
    {
        var article = SampleArticles.Load()[0] with
        {
            Title = "\u0001",
            Author = "\u0002",
            Source = "Probe",
            Categories = ["\u0003", "News", "a\u0004", "a", "\u0085"],
            Summary = "Summary",
            ContentHtml = "<p>Body</p>",
            // A translated title of only forbidden characters is no translation: the original (here: the fallback title) stays.
            Translation = new ArticleTranslation { Language = "en", Title = "\u0005", Summary = "EN summary", ContentHtml = "<p>EN</p>", Level = "full" },
        };
        var document = FeedDocumentBuilder.Build(Feed(), [article], view, ClusteringOptions.Disabled, 50);
        var item = Assert.Single(document.Items);
        Assert.Equal(ArticleNormaliser.MissingTitle, item.Title);
        Assert.Equal("Probe", item.Author);
        Assert.Equal(["News", "a"], item.Categories);
        Assert.False(item.Translated);

        var bytes = FeedWriter.Write(format, document);
        if (format == FeedFormat.Json)
        {
            var json = JsonDocument.Parse(bytes).RootElement.GetProperty("items")[0];
            Assert.Equal(ArticleNormaliser.MissingTitle, json.GetProperty("title").GetString());
            Assert.Equal(["News", "a"], json.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
            Assert.Equal("Probe", json.GetProperty("authors")[0].GetProperty("name").GetString());
            Assert.DoesNotContain("\"\"", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
            return;
        }

        var xml = XDocument.Parse(Encoding.UTF8.GetString(bytes));
        AssertNoBlank(xml);
        var entry = format == FeedFormat.Rss ? xml.Root!.Element("channel")!.Element("item")! : xml.Root!.Element(Atom + "entry")!;
        if (format == FeedFormat.Rss)
        {
            Assert.Equal(ArticleNormaliser.MissingTitle, entry.Element("title")!.Value);
            Assert.Equal("Probe", entry.Element(Dc + "creator")!.Value);
            Assert.Equal(["News", "a"], entry.Elements("category").Select(c => c.Value));
        }
        else
        {
            Assert.Equal(ArticleNormaliser.MissingTitle, entry.Element(Atom + "title")!.Value);
            Assert.Equal("Probe", entry.Element(Atom + "author")!.Element(Atom + "name")!.Value);
            Assert.Equal(["News", "a"], entry.Elements(Atom + "category").Select(c => c.Attribute("term")!.Value));
        }

        var parsed = await FeedParserPython.ParseAsync(bytes);
        Assert.True(parsed.GetProperty("bozo").GetInt32() == 0, parsed.GetProperty("bozo_exception").GetString());
    }

    [Fact]
    public async Task Empty_summary_body_author_categories_and_related_titles_are_left_out_and_json_still_has_content()
    {
        var item = new FeedItem
        {
            Id = FeedWriter.TagUri("article:bare"),
            ArticleId = "bare",
            Title = "Link only",
            Link = new Uri("https://example.com/three"),
            Published = At,
            Updated = At,
            Author = "",
            Source = "",
            Categories = [""],
            Related = [new RelatedLink(new Uri("https://other.example/x"), "", "")],
        };
        var document = new FeedDocument(Feed(), FeedView.Original, null, At, [item]);

        var rss = XDocument.Parse(Encoding.UTF8.GetString(FeedWriter.Write(FeedFormat.Rss, document)));
        AssertNoBlank(rss);
        var rssItem = rss.Root!.Element("channel")!.Element("item")!;
        Assert.Null(rssItem.Element("description"));
        Assert.Null(rssItem.Element((XNamespace)"http://purl.org/rss/1.0/modules/content/" + "encoded"));
        Assert.Null(rssItem.Element(Dc + "creator"));
        Assert.Empty(rssItem.Elements("category"));

        var atomBytes = FeedWriter.Write(FeedFormat.Atom, document);
        var atom = XDocument.Parse(Encoding.UTF8.GetString(atomBytes));
        AssertNoBlank(atom);
        var entry = atom.Root!.Element(Atom + "entry")!;
        Assert.Null(entry.Element(Atom + "summary"));
        Assert.Null(entry.Element(Atom + "content"));
        Assert.Null(entry.Element(Atom + "author"));
        Assert.Empty(entry.Elements(Atom + "category"));
        Assert.Contains(entry.Elements(Atom + "link"), l => l.Attribute("rel")!.Value == "alternate");
        using var folder = TestPaths.NewTempFolder();
        var file = Path.Combine(folder.Path, "bare.atom");
        await File.WriteAllBytesAsync(file, atomBytes);
        Assert.Equal("", await FeedPeers.JingAsync([file]));

        var json = JsonDocument.Parse(FeedWriter.Write(FeedFormat.Json, document)).RootElement.GetProperty("items")[0];
        Assert.False(json.TryGetProperty("summary", out _));
        Assert.False(json.TryGetProperty("content_html", out _));
        Assert.Equal("", json.GetProperty("content_text").GetString());
        Assert.False(json.TryGetProperty("authors", out _));
        Assert.False(json.TryGetProperty("tags", out _));
    }

    [Fact]
    public void Uri_fields_carry_an_internationalised_host_in_punycode()
    {
        var article = SampleArticles.Load()[0] with
        {
            Link = new Uri("https://例子.example/路径/文章?q=ü"),
            Image = new Uri("https://例子.example/图片.png"),
        };
        var document = FeedDocumentBuilder.Build(Feed(), [article], FeedView.Original, ClusteringOptions.Disabled, 50);

        var rss = XDocument.Parse(Encoding.UTF8.GetString(FeedWriter.Write(FeedFormat.Rss, document))).Root!.Element("channel")!.Element("item")!;
        Assert.Equal("https://xn--fsqu00a.example/%E8%B7%AF%E5%BE%84/%E6%96%87%E7%AB%A0?q=%C3%BC", rss.Element("link")!.Value);
        Assert.Equal("https://xn--fsqu00a.example/%E5%9B%BE%E7%89%87.png", rss.Element("enclosure")!.Attribute("url")!.Value);

        var json = JsonDocument.Parse(FeedWriter.Write(FeedFormat.Json, document)).RootElement.GetProperty("items")[0];
        Assert.Equal("https://xn--fsqu00a.example/%E8%B7%AF%E5%BE%84/%E6%96%87%E7%AB%A0?q=%C3%BC", json.GetProperty("url").GetString());
        Assert.Equal("https://xn--fsqu00a.example/%E5%9B%BE%E7%89%87.png", json.GetProperty("image").GetString());

        // The same resource, and an ASCII host stays exactly as it was.
        Assert.Equal(article.Link.AbsoluteUri.Replace("例子", "xn--fsqu00a", StringComparison.Ordinal), rss.Element("link")!.Value);
        Assert.Equal("http://feeds.example/api/feeds/all?a=%C3%BC#f", FeedWriter.AsciiUri(new Uri("http://feeds.example/api/feeds/all?a=ü#f")));
    }

    [Fact]
    public void Control_characters_are_dropped_before_the_bilingual_heading_is_escaped()
    {
        var article = SampleArticles.Load()[0] with
        {
            Title = "Lone\uD800 C1\u0091 NEL\u0085 title",
            Language = "zh",
            Translation = new ArticleTranslation { Language = "en", Title = "EN", Summary = "", ContentHtml = "<p>EN</p>", Level = "full" },
        };

        var item = Assert.Single(FeedDocumentBuilder.Build(Feed(), [article], FeedView.Both, ClusteringOptions.Disabled, 50).Items);

        Assert.Equal("EN / Lone C1 NEL title", item.Title);
        Assert.Contains("<h2>Lone C1 NEL title</h2>", item.ContentHtml, StringComparison.Ordinal);
        Assert.DoesNotContain('\uFFFD', item.ContentHtml);
    }

    [Fact]
    public void An_empty_feed_is_dated_by_the_store_change_time_and_without_one_claims_no_build_date()
    {
        var dated = FeedDocumentBuilder.Build(Feed(), [], FeedView.Original, ClusteringOptions.Disabled, 50, null, At);
        var undated = FeedDocumentBuilder.Build(Feed(), [], FeedView.Original, ClusteringOptions.Disabled, 50, null, null);

        Assert.Equal(At, dated.Updated);
        Assert.Null(undated.Updated);
        Assert.Equal("Wed, 04 Mar 2026 05:06:07 +0000", RssChannel(dated).Element("lastBuildDate")!.Value);
        Assert.Null(RssChannel(undated).Element("lastBuildDate"));
        var atom = XDocument.Parse(Encoding.UTF8.GetString(FeedWriter.Write(FeedFormat.Atom, dated)));
        Assert.Equal("2026-03-04T05:06:07Z", atom.Root!.Element(Atom + "updated")!.Value);

        // Items date the feed; the change time only stands in when there are none.
        var article = SampleArticles.Load()[0];
        Assert.Equal(article.Updated > article.Published ? article.Updated : article.Published,
            FeedDocumentBuilder.Build(Feed(), [article], FeedView.Original, ClusteringOptions.Disabled, 50, null, At).Updated);
    }

    [Fact]
    public void Atom_feed_id_names_the_filters_so_that_filtered_feeds_differ_and_the_unfiltered_keeps_its_id()
    {
        string Id(string filterQuery) => XDocument.Parse(Encoding.UTF8.GetString(FeedWriter.Write(FeedFormat.Atom,
            FeedDocumentBuilder.Build(Feed(filterQuery), [], FeedView.English, ClusteringOptions.Disabled, 50)))).Root!.Element(Atom + "id")!.Value;

        Assert.Equal("tag:feedrelay,2026:feed:all:en", Id(""));
        Assert.Equal("tag:feedrelay,2026:feed:all:en?category=world", Id("category=world"));
        Assert.NotEqual(Id("q=x"), Id("category=x"));
    }

    private static XElement RssChannel(FeedDocument document) =>
        XDocument.Parse(Encoding.UTF8.GetString(FeedWriter.Write(FeedFormat.Rss, document))).Root!.Element("channel")!;

    /// <summary>No element without children and attributes is blank, and no attribute is empty.</summary>
    private static void AssertNoBlank(XDocument document)
    {
        Assert.All(document.Descendants().Where(e => !e.HasElements && !e.HasAttributes), e => Assert.False(string.IsNullOrWhiteSpace(e.Value), e.Name + " is blank"));
        Assert.All(document.Descendants().SelectMany(e => e.Attributes()), a => Assert.False(string.IsNullOrWhiteSpace(a.Value), a.Name + " is empty"));
    }
}
