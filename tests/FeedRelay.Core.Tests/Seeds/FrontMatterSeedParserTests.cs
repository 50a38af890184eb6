using FeedRelay.Seeds;

namespace FeedRelay.Tests.Seeds;

public sealed class FrontMatterSeedParserTests
{
    private static ParsedSeed Parse(string text, SeedParserOptions? options = null)
    {
        var result = SeedParser.Parse(text, options);
        Assert.True(result.IsSuccess, result.Error?.Message);
        return result.Seed;
    }

    [Fact]
    public void A1_picsum_placeholder_is_not_the_articles_image_and_braces_are_unescaped()
    {
        var seed = Parse("\n---\ntitle: 'Set &#123;x&#125;'\ncategories: \n - 新媒体\n - Src\n - 最新\nheadimg: 'https://picsum.photos/400/300?random=7'\n"
            + "author: Src\ncomments: false\ndate: Wed, 08 Jun 2022 09:10:12 GMT\nthumbnail: 'https://picsum.photos/400/300?random=7'\n---\n\n<div>   \n<p>x</p>  \n</div>\n            ");

        Assert.Equal("Set {x}", seed.Title);
        Assert.Null(seed.DeclaredImage);
        Assert.Equal(["新媒体", "Src", "最新"], seed.Categories);
        Assert.Equal(new DateTimeOffset(2022, 6, 8, 9, 10, 12, TimeSpan.Zero), seed.Published);
        Assert.Equal("front-matter:date", seed.PublishedFrom);
    }

    [Fact]
    public void A1_double_quoted_title_keeps_its_single_quotes()
    {
        var seed = Parse("---\ntitle: \"It's 'here'\"\nauthor: X\ndate: Wed, 08 Jun 2022 09:10:12 GMT\n---\nbody");

        Assert.Equal("It's 'here'", seed.Title);
    }

    [Fact]
    public void A2_requoting_bug_is_recovered_and_the_local_time_gets_the_configured_hexo_zone()
    {
        var seed = Parse("\n---\ntitle: \"\"\"\"\"\"\"'第1集'\"\"\"\"\"\"\"\ncategories: \n    - 二次元\n    - AGE 动漫 - 番剧详情\nauthor: AGE 动漫 - 番剧详情\n"
            + "comments: false\ndate: 2021-03-22 04:50:47\nthumbnail: ''\n---\n\n<div>   \n第1集  \n</div>\n");

        Assert.Equal("第1集", seed.Title);
        Assert.Equal(["二次元", "AGE 动漫 - 番剧详情"], seed.Categories);
        Assert.Null(seed.DeclaredImage);
        Assert.Equal(new DateTimeOffset(2021, 3, 22, 4, 50, 47, TimeSpan.Zero), seed.Published);
        Assert.Equal("front-matter:date-local", seed.PublishedFrom);
    }

    [Fact]
    public void A2_local_time_follows_the_configured_zone_and_is_never_guessed()
    {
        const string text = "---\ntitle: x\nauthor: y\ndate: 2021-03-22 04:50:47\n---\nbody";
        var shanghai = new SeedParserOptions { Zones = SeedParserOptions.ResolveZones(new Dictionary<string, string> { ["hexo"] = "Asia/Shanghai" }) };
        var none = new SeedParserOptions { Zones = new Dictionary<string, TimeZoneInfo>() };

        Assert.Equal(TimeSpan.FromHours(8), Parse(text, shanghai).Published.Offset);
        Assert.Equal("front-matter.no-date", SeedParser.Parse(text, none).Error?.Code);
    }

    [Fact]
    public void A2_title_over_nine_lines_is_folded_into_one()
    {
        var seed = Parse("---\ntitle: 2021年03月23日 割引終了\n\n\n\n\n\n\nゆうかりんだけCG集\ncategories: \n    - 二次元\nauthor: DLsite\ndate: 2021-03-21 16:47:10\n"
            + "thumbnail: https://img.dlsite.jp/a.jpg\n---\n<div>x</div>");

        Assert.Equal("2021年03月23日 割引終了 ゆうかりんだけCG集", seed.Title);
        Assert.Equal("https://img.dlsite.jp/a.jpg", seed.DeclaredImage);
    }

    [Fact]
    public void A2_markdown_link_in_author_becomes_its_text()
    {
        var seed = Parse("---\ntitle: 1화 표정관리\ncategories: \n    - 二次元\n    - Webtoons - [Naver](https://comic.naver.com)\n"
            + "author: Webtoons - [Naver](https://comic.naver.com)\ndate: Wed, 01 Apr 2015 00:00:00 GMT\n---\nbody");

        Assert.Equal("Webtoons - Naver", seed.Source);
        Assert.Equal(["二次元", "Webtoons - Naver"], seed.Categories);
    }

    [Fact]
    public void B3_waimei_wrapped_body_yields_the_metadata_line_and_the_front_matter_names_the_source()
    {
        var seed = Parse("---\nlayout: post\ntitle: \"T\"\ndate: 2021-01-13T08:44:35.000Z\nauthor: 纽约时报\nfrom: https://cn.nytimes.com/a/\ntags: [ 纽约时报 ]\n"
            + "categories: [ 纽约时报 ]\n---\n<!--1610527475000-->\n[T](https://cn.nytimes.com/a/)\n------\n\n<div>\n<div><i>YOUMI KIM<br>2021-01-13 16:19:44</i></div><p>body</p>\n</div>\n");

        Assert.Equal(FrontMatterSeedParser.JekyllFormat, seed.Format);
        Assert.Equal("纽约时报", seed.Source);
        Assert.Equal("YOUMI KIM", seed.Author);
        Assert.Equal(DateTimeOffset.Parse("2021-01-13T16:19:44+08:00", System.Globalization.CultureInfo.InvariantCulture), seed.Published);
        Assert.Equal("html:meta-local", seed.PublishedFrom);
        Assert.Equal("<p>body</p>", seed.Html);
    }

    [Fact]
    public void B3_with_a_NaN_epoch_line_falls_back_to_the_front_matter_date()
    {
        var seed = Parse("---\nlayout: post\ntitle: \"T\"\ndate: 2021-06-01T05:07:05.914Z\nauthor: A\nfrom: https://www.allnow.com/post/1\n---\n"
            + "<!--NaN-->\n[T](https://www.allnow.com/post/1)\n------\n\n<div>\n<p>x</p>\n</div>\n");

        Assert.Equal(FrontMatterSeedParser.JekyllFormat, seed.Format);
        Assert.Equal("front-matter:date", seed.PublishedFrom);
        Assert.Equal(new DateTimeOffset(2021, 6, 1, 5, 7, 5, 914, TimeSpan.Zero), seed.Published);
    }

    [Fact]
    public void Scraped_article_post_is_read_from_its_front_matter()
    {
        var seed = Parse("---\nlayout: post\ntitle: \"挑战 - Nei.st\"\ndate: 2019-07-26T13:17:47+01:00\nauthor: Nei.st\nfrom: https://nei.st/medium/x\ntags: [ Nei.st ]\n"
            + "categories: [ Nei.st ]\n---\n\n<article class=\"post\"><h1>挑战</h1><p>x</p></article>\n");

        Assert.Equal(FrontMatterSeedParser.JekyllHtmlFormat, seed.Format);
        Assert.Equal("挑战", seed.Title);
        Assert.Equal("Nei.st", seed.Source);
        Assert.Equal(TimeSpan.FromHours(1), seed.Published.Offset);
        Assert.Equal("https://nei.st/medium/x", seed.Link?.AbsoluteUri);
        Assert.Equal(["Nei.st"], seed.Categories);
    }
}
