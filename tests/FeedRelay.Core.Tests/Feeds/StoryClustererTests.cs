using FeedRelay.Feeds;

namespace FeedRelay.Tests.Feeds;

public sealed class StoryClustererTests
{
    private static readonly DateTimeOffset Noon = new(2023, 6, 13, 12, 0, 0, TimeSpan.Zero);

    private static Article A(string id, string source, string title, double hours) => new()
    {
        Id = id,
        Source = source.ToUpperInvariant(),
        SourceSlug = source,
        Title = title,
        Published = Noon.AddHours(hours),
        Link = new Uri($"https://{source}.example/{id}"),
    };

    [Fact]
    public void A_repost_by_another_outlet_with_a_near_identical_title_folds_into_the_original()
    {
        var articles = new[]
        {
            A("cdt1", "cdt", "【转载】带你深入：北约“空中卫士23”", 3),
            A("dw1", "dw", "带你深入：北约“空中卫士23”", 0),
            A("voa1", "voa", "俄罗斯入侵乌克兰 多个城市遭到导弹袭击", 1),
        };

        var clusters = StoryClusterer.Cluster(articles, new ClusteringOptions());

        Assert.Equal(2, clusters.Count);
        var story = clusters.Single(c => c.Lead.Id == "dw1");
        Assert.Equal(["cdt1"], story.Others.Select(o => o.Id));
        Assert.Empty(clusters.Single(c => c.Lead.Id == "voa1").Others);
    }

    [Fact]
    public void Punctuation_case_and_width_differences_do_not_matter() =>
        Assert.Equal(1.0, StoryClusterer.TitleSimilarity("Ukraine: talks resume!", "ＵＫＲＡＩＮＥ — Talks Resume"));

    [Fact]
    public void The_same_title_outside_the_window_or_from_the_same_outlet_stays_separate()
    {
        var articles = new[]
        {
            A("a", "dw", "Daily briefing", 0),
            A("b", "dw", "Daily briefing", 24),
            A("c", "rfi", "Daily briefing", 24 * 5),
        };

        var clusters = StoryClusterer.Cluster(articles, new ClusteringOptions { Window = TimeSpan.FromHours(48) });

        Assert.Equal(3, clusters.Count);
        Assert.All(clusters, c => Assert.Empty(c.Others));
    }

    [Fact]
    public void Different_stories_are_not_merged_and_clustering_can_be_switched_off()
    {
        var articles = new[]
        {
            A("a", "dw", "北约举行史上最大规模空中演习", 0),
            A("b", "rfi", "世界名企怕得罪中国拒撤北京冬奥赞助", 1),
            A("c", "cdt", "北约举行史上最大规模空中演习", 2),
        };

        Assert.Equal(2, StoryClusterer.Cluster(articles, new ClusteringOptions()).Count);
        Assert.Equal(3, StoryClusterer.Cluster(articles, ClusteringOptions.Disabled).Count);
    }

    [Fact]
    public void A_clustered_item_lists_the_other_outlets_as_related_links()
    {
        var articles = SampleArticles.Load();
        var feed = new FeedDescription("all", "All", new Uri("http://x/feed"), new Uri("http://x/"), id => new Uri("http://x/a/" + id));

        var document = FeedDocumentBuilder.Build(feed, articles, FeedView.Original, new ClusteringOptions(), 500);

        Assert.Equal(articles.Count - 1, document.Items.Count);
        var story = Assert.Single(document.Items, i => i.Title.Contains("空中卫士23", StringComparison.Ordinal));
        Assert.Equal(SampleArticles.ClusteredTitle, story.Title);
        var related = Assert.Single(story.Related);
        Assert.Equal("中国数字时代", related.Source);
        Assert.Contains(related.Url.AbsoluteUri, story.ContentHtml, StringComparison.Ordinal);
    }
}
