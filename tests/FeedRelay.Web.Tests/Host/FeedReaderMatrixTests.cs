using System.Net;
using System.ServiceModel.Syndication;
using System.Xml;
using FeedRelay.Feeds;

namespace FeedRelay.Tests.Host;

/// <summary>Every format × view × filter, fetched over HTTP and read back by real, independent feed readers.</summary>
public sealed class FeedReaderMatrixTests(FeedReaderMatrixTests.ServerFixture fixture) : IClassFixture<FeedReaderMatrixTests.ServerFixture>
{
    private static readonly (string Name, string Query, Func<Article, bool> Keep, int Limit)[] Filters =
    [
        ("none", "", _ => true, 50),
        ("sources", "source=voa&source=dw", a => a.SourceSlug is "voa" or "dw", 50),
        ("category", "category=" + Uri.EscapeDataString("新闻"), a => a.Categories.Contains("新闻"), 50),
        ("language", "language=zh-Hans", a => a.Language == "zh-Hans", 50),
        ("keyword", "q=" + Uri.EscapeDataString("乌克兰"), a => a.Title.Contains("乌克兰", StringComparison.Ordinal) || a.Summary.Contains("乌克兰", StringComparison.Ordinal), 50),
        ("since", "since=2022-01-01T00:00:00Z", a => a.Published >= new DateTimeOffset(2022, 1, 1, 0, 0, 0, TimeSpan.Zero), 50),
        ("limit", "limit=4", _ => true, 4),
    ];

    public static TheoryData<FeedFormat, FeedView, string> Combinations()
    {
        var data = new TheoryData<FeedFormat, FeedView, string>();
        foreach (var format in FeedFormats.All)
        {
            foreach (var view in FeedViews.All)
            {
                foreach (var filter in Filters)
                {
                    data.Add(format, view, filter.Name);
                }
            }
        }

        return data;
    }

    private static string PathOf(FeedFormat format, FeedView view, string filterName)
    {
        var query = Filters.Single(f => f.Name == filterName).Query;
        var parts = new[] { view == FeedView.Original ? "" : "lang=" + view.QueryValue(), query }.Where(p => p.Length > 0);
        var joined = string.Join('&', parts);
        return $"api/feeds/all.{format.Extension()}" + (joined.Length == 0 ? "" : "?" + joined);
    }

    /// <summary>What the merged feed must hold: the filter applied naively, the CDT re-post folded into DW's story, cut to the limit.</summary>
    private static List<(string Title, DateTimeOffset Published)> Expected(FeedView view, string filterName)
    {
        var filter = Filters.Single(f => f.Name == filterName);
        var kept = SampleArticles.Load().Where(filter.Keep).ToList();
        if (kept.Exists(a => a.Title == SampleArticles.ClusteredTitle))
        {
            kept.RemoveAll(a => a.Id == SampleArticles.RepostId);
        }

        return kept.Take(filter.Limit).Select(a => (Title(a, view), a.Published)).ToList();
    }

    private static string Title(Article article, FeedView view) => (view, article.Translation) switch
    {
        (FeedView.English, { } t) => t.Title,
        (FeedView.Both, { } t) => t.Title + " / " + article.Title,
        _ => article.Title,
    };

    [Theory]
    [MemberData(nameof(Combinations))]
    public async Task Every_item_reads_back_with_its_title_and_date(FeedFormat format, FeedView view, string filter)
    {
        using var client = fixture.Server.CreateClient();
        using var response = await client.GetAsync(PathOf(format, view, filter));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var expected = Expected(view, filter);
        Assert.NotEmpty(expected);

        List<(string? Title, string? Published)> read;
        if (format == FeedFormat.Json)
        {
            var parsed = await FeedExtractorNode.ParseAsync(bytes, json: true);
            read = parsed.GetProperty("entries").EnumerateArray()
                .Select(e => (e.GetProperty("title").GetString(), (string?)DateTimeOffset.Parse(e.GetProperty("published").GetString()!).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'")))
                .ToList();
        }
        else
        {
            var parsed = await FeedParserPython.ParseAsync(bytes);
            Assert.True(parsed.GetProperty("bozo").GetInt32() == 0, parsed.GetProperty("bozo_exception").GetString());
            read = parsed.GetProperty("entries").EnumerateArray().Select(e => (e.GetProperty("title").GetString(), e.GetProperty("published").GetString())).ToList();

            using var reader = XmlReader.Create(new MemoryStream(bytes));
            var syndication = SyndicationFeed.Load(reader);
            Assert.Equal(expected.Select(e => e.Title), syndication.Items.Select(i => i.Title.Text));
            Assert.Equal(expected.Select(e => e.Published.UtcDateTime), syndication.Items.Select(i => i.PublishDate.UtcDateTime));
        }

        Assert.Equal(expected.Select(e => ((string?)e.Title, (string?)e.Published.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"))), read);
    }

    [Fact]
    public async Task Every_Atom_document_is_valid_against_the_RFC_4287_schema()
    {
        using var client = fixture.Server.CreateClient();
        using var folder = TestPaths.NewTempFolder();
        var files = new List<string>();
        foreach (var view in FeedViews.All)
        {
            foreach (var filter in Filters)
            {
                var file = Path.Combine(folder.Path, $"{view}-{filter.Name}.atom");
                await File.WriteAllBytesAsync(file, await client.GetByteArrayAsync(PathOf(FeedFormat.Atom, view, filter.Name)));
                files.Add(file);
            }
        }

        Assert.Equal("", await FeedPeers.JingAsync(files));
    }

    [Fact]
    public async Task Newsboat_reads_every_item_of_every_RSS_and_Atom_feed_with_the_right_date()
    {
        var urls = new Dictionary<string, (FeedView View, string Filter)>();
        foreach (var format in new[] { FeedFormat.Rss, FeedFormat.Atom })
        {
            foreach (var view in FeedViews.All)
            {
                foreach (var filter in Filters)
                {
                    urls[new Uri(fixture.Server.BaseUrl, PathOf(format, view, filter.Name)).AbsoluteUri] = (view, filter.Name);
                }
            }
        }

        var stored = await FeedPeers.NewsboatAsync(urls.Keys.ToList());

        foreach (var (url, (view, filter)) in urls)
        {
            var expected = Expected(view, filter).Select(e => (e.Title, e.Published.ToUnixTimeSeconds())).ToHashSet();
            Assert.True(expected.SetEquals(stored[url]), $"{url}: newsboat stored\n{string.Join('\n', stored[url])}\nexpected\n{string.Join('\n', expected)}");
        }
    }

    /// <summary>One server for the read-only matrix: every test only reads from it.</summary>
    public sealed class ServerFixture : IAsyncLifetime
    {
        internal FeedRelayServer Server { get; private set; } = null!;

        public async Task InitializeAsync() => Server = await FeedRelayServer.StartAsync(SampleArticles.Load());

        public async Task DisposeAsync() => await Server.DisposeAsync();
    }
}
