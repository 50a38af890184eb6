using FeedRelay.Content;
using FeedRelay.Ingestion;
using FeedRelay.Seeds;

namespace FeedRelay.Tests.Content;

/// <summary>How the normaliser uses the content stage: lead image, summary and language.</summary>
public sealed class NormaliserContentTests
{
    private static ParsedSeed Seed(string html, string? declaredImage = null, string? source = null) => new()
    {
        Format = "hexo",
        Title = "测试标题",
        Link = new Uri("https://www.voachinese.com/a/test/1.html"),
        Published = new DateTimeOffset(2022, 3, 2, 2, 20, 8, TimeSpan.Zero),
        PublishedFrom = "front-matter:date",
        Source = source,
        DeclaredImage = declaredImage,
        Html = html,
    };

    [Fact]
    public void A_placeholder_headimg_never_becomes_the_lead_image()
    {
        var article = new ArticleNormaliser().Normalise(Seed("<p>正文</p><img src=\"https://images.weserv.nl?url=gdb.voanews.com/real.jpg\">", "https://picsum.photos/400/300?random=42"));

        Assert.Equal(new Uri("https://gdb.voanews.com/real.jpg"), article.Image);
    }

    [Fact]
    public void A_proxied_headimg_is_unwrapped()
    {
        var article = new ArticleNormaliser().Normalise(Seed("<p>正文</p>", "https://cors.zfour.workers.dev/?http://lain.bgm.tv/pic/cover/l/de/4a/329906_hmtVD.jpg"));

        Assert.Equal(new Uri("http://lain.bgm.tv/pic/cover/l/de/4a/329906_hmtVD.jpg"), article.Image);
    }

    [Fact]
    public void Without_any_usable_image_there_is_no_lead_image()
    {
        Assert.Null(new ArticleNormaliser().Normalise(Seed("<p>正文</p>", "https://picsum.photos/400/300?random=1")).Image);
        Assert.Null(new ArticleNormaliser().Normalise(Seed("<p>正文</p>", "javascript:alert(1)")).Image);
    }

    [Fact]
    public void Summary_and_language_are_set()
    {
        var article = new ArticleNormaliser().Normalise(Seed("<figure><img src=\"https://a.example/1.jpg\"><figcaption>图说</figcaption></figure><p>据俄罗斯和乌克兰政府说，莫斯科和基辅方面将举行第二轮和平会谈。</p>"));

        Assert.Equal("据俄罗斯和乌克兰政府说，莫斯科和基辅方面将举行第二轮和平会谈。", article.Summary);
        Assert.Equal("zh-Hans", article.Language);
    }

    [Fact]
    public void A_source_language_in_configuration_wins_over_detection()
    {
        var options = new ContentOptions { SourceLanguages = new Dictionary<string, string> { ["voa"] = "zh-Hans-CN", ["Some Outlet"] = "en-GB" } };
        var normaliser = new ArticleNormaliser(new HtmlCleaner(options), new SourceDirectory(), options);

        Assert.Equal("zh-Hans-CN", normaliser.Normalise(Seed("<p>English words only here, nothing else.</p>")).Language);
        Assert.Equal("en-GB", normaliser.Normalise(Seed("<p>中文内容。</p>", source: "Some Outlet")).Language);
    }
}
