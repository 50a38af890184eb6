using System.ServiceModel.Syndication;
using System.Text.Json;
using System.Xml;
using System.Xml.Linq;
using FeedRelay.Feeds;

namespace FeedRelay.Tests.Feeds;

public sealed class FeedWriterTests
{
    private static readonly Uri Base = new("http://feeds.example/");
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";
    private static readonly XNamespace Xml = XNamespace.Xml;

    private static FeedDocument Document(FeedView view, ClusteringOptions? clustering = null)
    {
        var articles = SampleArticles.Load();
        var feed = new FeedDescription("all", "All", new Uri(Base, "api/feeds/all"), Base, id => new Uri(Base, "api/articles/" + id))
        {
            HubUrl = new Uri("http://hub.example/"),
        };
        return FeedDocumentBuilder.Build(feed, articles, view, clustering ?? ClusteringOptions.Disabled, 500);
    }

    [Theory]
    [MemberData(nameof(FormatsAndViews.All), MemberType = typeof(FormatsAndViews))]
    public async Task Every_format_and_view_is_read_back_by_an_independent_parser(FeedFormat format, FeedView view)
    {
        var document = Document(view);
        var bytes = FeedWriter.Write(format, document);

        if (format == FeedFormat.Json)
        {
            // Debian's feedparser 6.0 has no JSON Feed support; feed-extractor (npm) reads it.
            var extracted = await FeedExtractorNode.ParseAsync(bytes, json: true);
            var jsonEntries = extracted.GetProperty("entries").EnumerateArray().ToList();
            Assert.Equal(document.Items.Count, jsonEntries.Count);
            for (var i = 0; i < jsonEntries.Count; i++)
            {
                var item = document.Items[i];
                Assert.Equal(item.Title, jsonEntries[i].GetProperty("title").GetString());
                Assert.Equal(item.Id, jsonEntries[i].GetProperty("id").GetString());
                Assert.Equal(item.Link.AbsoluteUri, jsonEntries[i].GetProperty("link").GetString());
                Assert.Equal(item.Published.UtcDateTime, DateTimeOffset.Parse(jsonEntries[i].GetProperty("published").GetString()!).UtcDateTime);
            }

            return;
        }

        var parsed = await FeedParserPython.ParseAsync(bytes);
        Assert.True(parsed.GetProperty("bozo").GetInt32() == 0, parsed.GetProperty("bozo_exception").GetString());
        Assert.Equal(format == FeedFormat.Rss ? "rss20" : "atom10", parsed.GetProperty("version").GetString());
        var entries = parsed.GetProperty("entries").EnumerateArray().ToList();
        Assert.Equal(document.Items.Count, entries.Count);
        for (var i = 0; i < entries.Count; i++)
        {
            var item = document.Items[i];
            Assert.Equal(item.Title, entries[i].GetProperty("title").GetString());
            Assert.Equal(item.Id, entries[i].GetProperty("id").GetString());
            Assert.Equal(item.Link.AbsoluteUri, entries[i].GetProperty("link").GetString());
            Assert.Equal(item.Published.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"), entries[i].GetProperty("published").GetString());
        }
    }

    [Theory]
    [InlineData(FeedFormat.Rss, FeedView.Original)]
    [InlineData(FeedFormat.Rss, FeedView.English)]
    [InlineData(FeedFormat.Rss, FeedView.Both)]
    [InlineData(FeedFormat.Atom, FeedView.Original)]
    [InlineData(FeedFormat.Atom, FeedView.English)]
    [InlineData(FeedFormat.Atom, FeedView.Both)]
    public void Rss_and_Atom_are_read_back_by_System_ServiceModel_Syndication(FeedFormat format, FeedView view)
    {
        var document = Document(view);
        using var reader = XmlReader.Create(new MemoryStream(FeedWriter.Write(format, document)));
        var feed = SyndicationFeed.Load(reader);

        var items = feed.Items.ToList();
        Assert.Equal(document.Items.Count, items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            Assert.Equal(document.Items[i].Title, items[i].Title.Text);
            Assert.Equal(document.Items[i].Id, items[i].Id);
            Assert.Equal(document.Items[i].Published.UtcDateTime, items[i].PublishDate.UtcDateTime);
            Assert.Equal(document.Items[i].Link, items[i].Links[0].Uri);
        }
    }

    [Theory]
    [InlineData(FeedView.Original)]
    [InlineData(FeedView.English)]
    [InlineData(FeedView.Both)]
    public async Task Atom_is_valid_against_the_RFC_4287_schema(FeedView view)
    {
        using var folder = TestPaths.NewTempFolder();
        var file = Path.Combine(folder.Path, "feed.atom");
        await File.WriteAllBytesAsync(file, FeedWriter.Write(FeedFormat.Atom, Document(view, new ClusteringOptions())));

        Assert.Equal("", await FeedPeers.JingAsync([file]));
    }

    [Fact]
    public void Rss_has_the_channel_and_item_elements_readers_rely_on()
    {
        var document = Document(FeedView.Original);
        var rss = XDocument.Parse(System.Text.Encoding.UTF8.GetString(FeedWriter.Write(FeedFormat.Rss, document)));
        var channel = rss.Root!.Element("channel")!;
        XNamespace content = "http://purl.org/rss/1.0/modules/content/";
        XNamespace dc = "http://purl.org/dc/elements/1.1/";

        Assert.Equal("2.0", rss.Root.Attribute("version")!.Value);
        Assert.Equal("60", channel.Element("ttl")!.Value);
        Assert.NotNull(channel.Element("lastBuildDate"));
        Assert.Contains(channel.Elements(Atom + "link"), l => l.Attribute("rel")!.Value == "self" && l.Attribute("href")!.Value == "http://feeds.example/api/feeds/all");
        Assert.Contains(channel.Elements(Atom + "link"), l => l.Attribute("rel")!.Value == "hub" && l.Attribute("href")!.Value == "http://hub.example/");
        var items = channel.Elements("item").ToList();
        Assert.All(items, item =>
        {
            Assert.Equal("false", item.Element("guid")!.Attribute("isPermaLink")!.Value);
            Assert.EndsWith(" +0000", item.Element("pubDate")!.Value, StringComparison.Ordinal);
            Assert.NotNull(item.Element(content + "encoded"));
            Assert.NotNull(item.Element(dc + "creator"));
        });
        var voa = items.Single(i => i.Element("title")!.Value == "乌俄准备第二轮和谈 俄军攻势遇挫损失惨重");
        Assert.Equal("Mon, 28 Feb 2022 22:29:57 +0000", voa.Element("pubDate")!.Value);
        Assert.Equal("image/jpeg", voa.Element("enclosure")!.Attribute("type")!.Value);
        Assert.Equal("0", voa.Element("enclosure")!.Attribute("length")!.Value);
        Assert.Contains(items, i => i.Elements("category").Any());
    }

    [Fact]
    public void English_view_uses_translations_where_present_and_keeps_the_rest_in_their_own_language()
    {
        var articles = SampleArticles.Load();
        var document = Document(FeedView.English);
        var atom = XDocument.Parse(System.Text.Encoding.UTF8.GetString(FeedWriter.Write(FeedFormat.Atom, document)));
        var entries = atom.Root!.Elements(Atom + "entry").ToList();

        Assert.Equal(articles.Count, entries.Count);
        for (var i = 0; i < entries.Count; i++)
        {
            var article = articles[i];
            var entry = entries[i];
            if (article.Translation is { } translation)
            {
                Assert.Equal(translation.Title, entry.Element(Atom + "title")!.Value);
                Assert.Equal("en", entry.Attribute(Xml + "lang")!.Value);
                Assert.Contains("Machine translation", entry.Element(Atom + "content")!.Value, StringComparison.Ordinal);
                var alternate = entry.Elements(Atom + "link").Single(l => l.Attribute("rel")!.Value == "alternate");
                Assert.Equal(article.Language, alternate.Attribute("hreflang")!.Value);
            }
            else
            {
                Assert.Equal(article.Title, entry.Element(Atom + "title")!.Value);
                Assert.Equal(article.Language, entry.Attribute(Xml + "lang")!.Value);
            }
        }
    }

    [Fact]
    public void Both_view_puts_English_first_then_the_original_each_marked_with_its_language()
    {
        var translated = SampleArticles.Load().First(a => a.Translation is { Level: "full" });
        var item = Document(FeedView.Both).Items.Single(i => i.ArticleId == translated.Id);

        Assert.Equal(translated.Translation!.Title + " / " + translated.Title, item.Title);
        var english = item.ContentHtml.IndexOf("<div lang=\"en\">", StringComparison.Ordinal);
        var original = item.ContentHtml.IndexOf($"<div lang=\"{translated.Language}\">", StringComparison.Ordinal);
        Assert.True(english >= 0 && original > english, item.ContentHtml);
        Assert.Contains(translated.Translation.ContentHtml, item.ContentHtml, StringComparison.Ordinal);
        Assert.Equal("en", item.Language);
        Assert.Equal(translated.Language, item.OriginalLanguage);
    }

    [Fact]
    public void English_view_marks_an_untranslated_body_with_its_own_language()
    {
        var article = SampleArticles.Load()[0] with
        {
            Language = "zh-Hans",
            ContentHtml = "<p>中文正文</p>",
            Translation = new ArticleTranslation { Language = "en", Title = "EN title", Summary = "EN summary", ContentHtml = "", Level = "title-summary" },
        };
        var feed = new FeedDescription("all", "All", new Uri(Base, "api/feeds/all"), Base, id => new Uri(Base, "api/articles/" + id));

        var item = Assert.Single(FeedDocumentBuilder.Build(feed, [article], FeedView.English, ClusteringOptions.Disabled, 50).Items);

        Assert.Equal("en", item.Language);
        Assert.Contains("<div lang=\"zh-Hans\"><p>中文正文</p></div>", item.ContentHtml, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_feed_carries_language_and_the_translation_flag()
    {
        var document = Document(FeedView.English);
        using var json = JsonDocument.Parse(FeedWriter.Write(FeedFormat.Json, document));
        var root = json.RootElement;

        Assert.Equal("https://jsonfeed.org/version/1.1", root.GetProperty("version").GetString());
        Assert.Equal("WebSub", root.GetProperty("hubs")[0].GetProperty("type").GetString());
        var items = root.GetProperty("items").EnumerateArray().ToList();
        Assert.All(items, i => Assert.False(string.IsNullOrEmpty(i.GetProperty("language").GetString())));
        Assert.Contains(items, i => i.GetProperty("_feedrelay").GetProperty("translated").GetBoolean());
        Assert.Contains(items, i => !i.GetProperty("_feedrelay").GetProperty("translated").GetBoolean());
    }

    [Fact]
    public void A_feed_whose_items_share_a_language_declares_it_in_every_format()
    {
        var voa = SampleArticles.Load().Where(a => a.SourceSlug == "voa").ToList();
        var feed = new FeedDescription("voa", "VOA", new Uri(Base, "api/feeds/voa"), Base, id => new Uri(Base, "api/articles/" + id));
        var original = FeedDocumentBuilder.Build(feed, voa, FeedView.Original, ClusteringOptions.Disabled, 50);
        var mixed = FeedDocumentBuilder.Build(feed, SampleArticles.Load(), FeedView.Original, ClusteringOptions.Disabled, 50);

        Assert.Equal("zh-Hans", original.Language);
        Assert.Null(mixed.Language);
        Assert.Equal("zh-Hans", XDocument.Parse(System.Text.Encoding.UTF8.GetString(FeedWriter.Write(FeedFormat.Rss, original))).Root!.Element("channel")!.Element("language")!.Value);
        Assert.Equal("zh-Hans", XDocument.Parse(System.Text.Encoding.UTF8.GetString(FeedWriter.Write(FeedFormat.Atom, original))).Root!.Attribute(Xml + "lang")!.Value);
        using var json = JsonDocument.Parse(FeedWriter.Write(FeedFormat.Json, original));
        Assert.Equal("zh-Hans", json.RootElement.GetProperty("language").GetString());
        Assert.False(XDocument.Parse(System.Text.Encoding.UTF8.GetString(FeedWriter.Write(FeedFormat.Rss, mixed))).Root!.Element("channel")!.Elements("language").Any());
    }

    [Fact]
    public void A_summary_whose_words_look_like_markup_stays_words_in_the_RSS_description_a_reader_takes_as_HTML()
    {
        var article = SampleArticles.Load()[0] with { Summary = "<img src=x onerror=alert(1)> & <script>alert(2)</script> text" };
        var feed = new FeedDescription("all", "All", new Uri(Base, "api/feeds/all"), Base, id => new Uri(Base, "api/articles/" + id));
        var document = FeedDocumentBuilder.Build(feed, [article], FeedView.Original, ClusteringOptions.Disabled, 50);

        var rss = XDocument.Parse(System.Text.Encoding.UTF8.GetString(FeedWriter.Write(FeedFormat.Rss, document)));

        var description = rss.Root!.Element("channel")!.Element("item")!.Element("description")!.Value; // the HTML a reader gets
        Assert.Equal("&lt;img src=x onerror=alert(1)&gt; &amp; &lt;script&gt;alert(2)&lt;/script&gt; text", description);
        Assert.Equal(article.Summary, System.Net.WebUtility.HtmlDecode(description));
    }

    [Fact]
    public async Task Characters_XML_forbids_are_dropped_so_every_writer_still_writes_a_valid_feed()
    {
        var article = SampleArticles.Load()[0] with
        {
            Title = "Bad\u0001 title \uD800with a lone surrogate \U0001F600 kept",
            Summary = "Form feed\f here",
            Categories = ["cat\u0007"],
            Author = "A\u001Futhor",
        };
        var feed = new FeedDescription("all", "All\u0000", new Uri(Base, "api/feeds/all"), Base, id => new Uri(Base, "api/articles/" + id));
        var document = FeedDocumentBuilder.Build(feed, [article], FeedView.Original, ClusteringOptions.Disabled, 50);

        Assert.Equal("Bad title with a lone surrogate \U0001F600 kept", document.Items[0].Title);
        foreach (var format in FeedFormats.All)
        {
            var bytes = FeedWriter.Write(format, document);
            var parsed = format == FeedFormat.Json ? await FeedExtractorNode.ParseAsync(bytes, json: true) : await FeedParserPython.ParseAsync(bytes);
            Assert.Equal("Bad title with a lone surrogate \U0001F600 kept", parsed.GetProperty("entries")[0].GetProperty("title").GetString());
        }
    }

    [Fact]
    public void Writing_twice_gives_the_same_bytes()
    {
        foreach (var format in FeedFormats.All)
        {
            Assert.Equal(FeedWriter.Write(format, Document(FeedView.Both)), FeedWriter.Write(format, Document(FeedView.Both)));
        }
    }

    [Theory]
    [InlineData("https://example.com/a/b.png", "image/png")]
    [InlineData("https://images.weserv.nl/?url=gdb.voanews.com/x_w900.jpg", "image/jpeg")]
    [InlineData("https://example.com/pic.webp?w=770", "image/webp")]
    [InlineData("https://example.com/no-extension", "image/jpeg")]
    [InlineData("https://example.com/A.PNG", "image/png")]
    [InlineData("https://example.com/p.unknown?u=a.webp", "image/webp")]
    [InlineData("https://proxy.example/?url=a.gif&fallback=b.svg&w=1", "image/svg+xml")]
    [InlineData("https://proxy.example/x.avif?url=a.gif", "image/avif")]
    [InlineData("https://proxy.example/?url=a.tiff", "image/jpeg")]
    public void Enclosure_type_is_guessed_from_the_extension(string url, string type) =>
        Assert.Equal(type, FeedWriter.ImageMediaType(new Uri(url)));
}
