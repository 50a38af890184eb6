using System.Buffers;
using FeedRelay.Feeds;

namespace FeedRelay.Tests.Feeds;

/// <summary>
/// The item cache changes how much work a rebuild does, never the bytes: every format and view, clustered or not,
/// renders to exactly the uncached document on a cold cache, a warm one and after a change, and memory stays bounded.
/// </summary>
public sealed class FeedItemCacheTests
{
    private static readonly Uri Base = new("http://feeds.example/");

    private static readonly List<Article> Articles = SampleArticles.Load();

    public static TheoryData<FeedFormat, FeedView, bool> Combinations()
    {
        var data = new TheoryData<FeedFormat, FeedView, bool>();
        foreach (var format in FeedFormats.All)
        {
            foreach (var view in FeedViews.All)
            {
                data.Add(format, view, false);
                data.Add(format, view, true);
            }
        }

        return data;
    }

    private static FeedDescription Feed(Func<string, Uri>? articleUrl = null) =>
        new("all", "All", new Uri(Base, "api/feeds/all"), Base, articleUrl ?? (id => new Uri(Base, "api/articles/" + id)))
        {
            HubUrl = new Uri("http://hub.example/"),
        };

    private static byte[] Render(FeedFormat format, FeedView view, bool clustered, IReadOnlyList<Article> articles, FeedItemCache? cache, FeedDescription? feed = null)
    {
        var clustering = clustered ? new ClusteringOptions() : ClusteringOptions.Disabled;
        var document = FeedDocumentBuilder.Build(feed ?? Feed(), articles, view, clustering, 500, cache);
        return FeedWriter.Write(format, document, cache);
    }

    [Theory]
    [MemberData(nameof(Combinations))]
    public void Cold_warm_and_buffer_writer_renders_equal_the_uncached_document(FeedFormat format, FeedView view, bool clustered)
    {
        var expected = Render(format, view, clustered, Articles, null);
        var cache = new FeedItemCache(64L * 1024 * 1024);

        Assert.Equal(expected, Render(format, view, clustered, Articles, cache));
        var misses = cache.Misses;
        Assert.Equal(expected, Render(format, view, clustered, Articles, cache));
        Assert.Equal(misses, cache.Misses);
        Assert.True(cache.Hits > 0);

        // Copies of the articles (new instances, equal text, as a store that deserialises on every read returns) still hit.
        var copies = Articles.Select(a => a with { Categories = a.Categories.ToList() }).ToList();
        Assert.Equal(expected, Render(format, view, clustered, copies, cache));
        Assert.Equal(misses, cache.Misses);

        var document = FeedDocumentBuilder.Build(Feed(), Articles, view, clustered ? new ClusteringOptions() : ClusteringOptions.Disabled, 500, cache);
        var buffer = new ArrayBufferWriter<byte>(16);
        FeedWriter.Write(format, document, buffer);
        Assert.True(buffer.WrittenSpan.SequenceEqual(expected));
    }

    [Theory]
    [InlineData(FeedFormat.Rss)]
    [InlineData(FeedFormat.Atom)]
    [InlineData(FeedFormat.Json)]
    public void Changed_text_under_the_same_id_and_time_is_rebuilt(FeedFormat format)
    {
        var cache = new FeedItemCache(64L * 1024 * 1024);
        Render(format, FeedView.Original, false, Articles, cache);

        // The store bumps Updated on every change, but a clock that did not move must not make the cache serve old text.
        var edited = Articles.Select((a, i) => i == 0 ? a with { ContentHtml = a.ContentHtml + "<p>correction</p>" } : a).ToList();
        Assert.Equal(Render(format, FeedView.Original, false, edited, null), Render(format, FeedView.Original, false, edited, cache));
        Assert.Equal(Articles.Count + 1, cache.Misses);
    }

    [Fact]
    public void A_link_made_up_by_the_feed_is_checked_on_every_hit()
    {
        var linkless = Articles.Select(a => a with { Link = null }).ToList();
        var cache = new FeedItemCache(64L * 1024 * 1024);
        Render(FeedFormat.Rss, FeedView.Original, false, linkless, cache);

        var otherPages = Feed(id => new Uri(Base, "elsewhere/" + id));
        Assert.Equal(
            Render(FeedFormat.Rss, FeedView.Original, false, linkless, null, otherPages),
            Render(FeedFormat.Rss, FeedView.Original, false, linkless, cache, otherPages));
    }

    [Fact]
    public void One_new_article_builds_one_item()
    {
        var cache = new FeedItemCache(64L * 1024 * 1024);
        var older = Articles.Skip(1).ToList();
        Render(FeedFormat.Json, FeedView.Original, false, older, cache);
        var (hits, misses) = (cache.Hits, cache.Misses);

        Assert.Equal(Render(FeedFormat.Json, FeedView.Original, false, Articles, null), Render(FeedFormat.Json, FeedView.Original, false, Articles, cache));
        Assert.Equal(misses + 1, cache.Misses);
        Assert.Equal(hits + older.Count, cache.Hits);
    }

    [Fact]
    public void Memory_stays_under_the_limit_and_the_output_is_unchanged()
    {
        const long limit = 200_000;
        var cache = new FeedItemCache(limit);
        for (var round = 0; round < 5; round++)
        {
            var renamed = Articles.Select(a => a with { Id = a.Id + "-" + round }).ToList();
            foreach (var format in FeedFormats.All)
            {
                Assert.Equal(Render(format, FeedView.Both, true, renamed, null), Render(format, FeedView.Both, true, renamed, cache));
                Assert.InRange(cache.SizeBytes, 0, limit);
            }
        }

        Assert.True(cache.Count < Articles.Count * 5);
    }

    [Fact]
    public void A_cache_of_size_zero_keeps_nothing()
    {
        var cache = new FeedItemCache(0);
        Assert.Equal(Render(FeedFormat.Atom, FeedView.English, false, Articles, null), Render(FeedFormat.Atom, FeedView.English, false, Articles, cache));
        Assert.Equal(0, cache.Count);
        Assert.Equal(0, cache.SizeBytes);
    }
}
