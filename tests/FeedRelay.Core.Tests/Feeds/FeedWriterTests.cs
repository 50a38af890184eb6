using System.ServiceModel.Syndication;
using System.Xml;
using FeedRelay.Feeds;
using FeedRelay.Ingestion;
using FeedRelay.Seeds;

namespace FeedRelay.Tests.Feeds;

public sealed class FeedWriterTests
{
    private static readonly Uri Base = new("http://feeds.example/");

    private static List<Article> SampleArticles()
    {
        var normaliser = new ArticleNormaliser();
        return Directory.EnumerateFiles(TestPaths.Seeds)
            .Where(f => !f.EndsWith("PROVENANCE.md", StringComparison.Ordinal))
            .Select(f => SeedParser.Parse(File.ReadAllBytes(f)))
            .Where(r => r.IsSuccess)
            .Select(r => normaliser.Normalise(r.Seed!))
            .OrderByDescending(a => a.Published)
            .ToList();
    }

    private static FeedDescription Describe(FeedFormat format) =>
        new("all", "All", new Uri(Base, "api/feeds/all." + format.Extension()), Base, id => new Uri(Base, "api/articles/" + id));

    [Theory]
    [InlineData(FeedFormat.Rss)]
    [InlineData(FeedFormat.Atom)]
    public void Feed_reads_back_with_System_ServiceModel_Syndication(FeedFormat format)
    {
        var articles = SampleArticles();
        var bytes = FeedWriter.Write(format, Describe(format), articles);

        using var reader = XmlReader.Create(new MemoryStream(bytes));
        var feed = SyndicationFeed.Load(reader);

        var items = feed.Items.ToList();
        Assert.Equal(articles.Count, items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            Assert.Equal(articles[i].Title, items[i].Title.Text);
            Assert.Equal(articles[i].Published.UtcDateTime, items[i].PublishDate.UtcDateTime);
            Assert.Equal(articles[i].Link ?? new Uri(Base, "api/articles/" + articles[i].Id), items[i].Links[0].Uri);
        }
    }

    [Theory]
    [InlineData(FeedFormat.Rss, "rss20")]
    [InlineData(FeedFormat.Atom, "atom10")]
    public async Task Feed_is_accepted_by_python_feedparser(FeedFormat format, string version)
    {
        var articles = SampleArticles();
        var parsed = await FeedParserPython.ParseAsync(FeedWriter.Write(format, Describe(format), articles));

        Assert.True(parsed.GetProperty("bozo").GetInt32() == 0, parsed.GetProperty("bozo_exception").GetString());
        Assert.Equal(version, parsed.GetProperty("version").GetString());
        var entries = parsed.GetProperty("entries").EnumerateArray().ToList();
        Assert.Equal(articles.Count, entries.Count);
        for (var i = 0; i < entries.Count; i++)
        {
            Assert.Equal(articles[i].Title, entries[i].GetProperty("title").GetString());
            Assert.Equal(articles[i].Published.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"), entries[i].GetProperty("published").GetString());
        }
    }
}
