using System.Globalization;
using FeedRelay.Seeds;

namespace FeedRelay.Tests.Seeds;

public sealed class LinkHeaderSeedParserTests
{
    private const string Epoch = "<!--1595231710000-->\n";

    private static ParsedSeed Parse(string text)
    {
        var result = SeedParser.Parse(text);
        Assert.True(result.IsSuccess, result.Error?.Message);
        return result.Seed;
    }

    private static string Seed(string host, string html, string epoch = Epoch) => $"{epoch}[标题](https://{host}/a/1.html)\n------\n\n{html}\n";

    private static DateTimeOffset At(string iso) => DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture);

    [Theory]
    // VOA: RFC 1123 GMT.
    [InlineData("www.voachinese.com", "<div><i>Mon, 20 Jul 2020 19:22:03 GMT</i></div><img src=\"x.jpg\">", "2020-07-20T19:22:03+00:00", "html:meta", null)]
    // DW: "null" for a missing author, ISO with Z.
    [InlineData("www.dw.com", "<div><i>null 张筠青（综合报道）<br>2020-07-19T12:56:10.338Z</i></div><p>x</p>", "2020-07-19T12:56:10.338+00:00", "html:meta", "张筠青（综合报道）")]
    [InlineData("www.dw.com", "<div><i><br>2020-07-20T14:58:19.428Z</i></div><p>x</p>", "2020-07-20T14:58:19.428+00:00", "html:meta", null)]
    // NYT: author and Beijing wall-clock time; repeated co-authors collapse.
    [InlineData("cn.nytimes.com", "<div><i>KONEY BAI,KONEY BAI<br>2020-07-15 14:56:20</i></div><p>x</p>", "2020-07-15T14:56:20+08:00", "html:meta-local", "KONEY BAI")]
    // Reuters: UTC wall-clock time.
    [InlineData("cn.reuters.com", "<div><i>2020-07-18T00:33:49</i></div><p>x</p>", "2020-07-18T00:33:49+00:00", "html:meta-local", null)]
    // RFI: Paris wall-clock time, then a stray "Array".
    [InlineData("www.rfi.fr", "<div>20/07/2020 - 08:50</div>Array<p>x</p>", "2020-07-20T08:50:00+02:00", "html:meta-local", null)]
    [InlineData("www.rfi.fr", "<div>18/01/2022 - 16:49</div>Array<p>x</p>", "2022-01-18T16:49:00+01:00", "html:meta-local", null)]
    // BBC: a day alone is less precise than the feed's pubDate.
    [InlineData("www.bbc.com", "<div><i>2020年 7月 18日</i></div><p>x</p>", "2020-07-20T07:55:10+00:00", "epoch-comment", null)]
    // FT: an empty metadata line; RFA: none.
    [InlineData("cn.ft.com", "<div></div><p>x</p>", "2020-07-20T07:55:10+00:00", "epoch-comment", null)]
    [InlineData("www.rfa.org", "<p>x</p>", "2020-07-20T07:55:10+00:00", "epoch-comment", null)]
    public void B1_per_site_metadata_line_gives_date_and_author_and_is_removed(string host, string html, string published, string from, string? author)
    {
        var seed = Parse(Seed(host, html));

        Assert.Equal(At(published), seed.Published);
        Assert.Equal(At(published).Offset, seed.Published.Offset);
        Assert.Equal(from, seed.PublishedFrom);
        Assert.Equal(author, seed.Author);
        Assert.StartsWith("<", seed.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("Array", seed.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("<i>", seed.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void BBC_day_is_used_when_there_is_no_epoch_line()
    {
        var seed = Parse(Seed("www.bbc.com", "<div><i>2020年 7月 20日</i></div><p>x</p>", epoch: ""));

        Assert.Equal(At("2020-07-20T00:00:00+01:00"), seed.Published);
        Assert.Equal("html:meta-day", seed.PublishedFrom);
    }

    [Fact]
    public void A_leading_italic_div_without_a_date_is_content_not_metadata()
    {
        var seed = Parse(Seed("www.chinafile.com", "<div><i>Vanishing Point</i></div><p>x</p>"));

        Assert.Null(seed.Author);
        Assert.StartsWith("<div><i>Vanishing Point", seed.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void B2_CDT_date_line_keeps_its_offset()
    {
        var seed = Parse("[CDT导览](https://chinadigitaltimes.net/chinese/2020/06/x/)\n------\n日期：Thu, 02 Jul 2020 18:28:24 +0000\n\n<p>x</p>");

        Assert.Equal(At("2020-07-02T18:28:24+00:00"), seed.Published);
        Assert.Equal("date-line", seed.PublishedFrom);
        Assert.Equal("<p>x</p>", seed.Html);
    }

    [Fact]
    public void Missing_separator_is_tolerated()
    {
        var seed = Parse("<!--1595136758000-->\n[标题](https://www.rfa.org/a.html)\n<p>x</p>");

        Assert.Equal("标题", seed.Title);
        Assert.Equal("<p>x</p>", seed.Html);
    }

    [Fact]
    public void RFI_site_suffix_is_removed_from_the_title()
    {
        var seed = Parse("<!--1595136758000-->\n[川普：假的！我没输 – 法国国际广播电台 - RFI](http://www.rfi.fr//cn/a)\n------\n\n<p>x</p>");

        Assert.Equal("川普：假的！我没输", seed.Title);
    }

    [Fact]
    public void Local_time_from_a_site_with_no_configured_zone_is_not_guessed()
    {
        var result = SeedParser.Parse("[t](https://example.org/a)\n------\n\n<div><i>2020-07-15 14:56:20</i></div><p>x</p>");

        Assert.False(result.IsSuccess);
        Assert.Equal("link-header.no-date", result.Error.Code);
        Assert.Contains("no zone", result.Error.Message, StringComparison.Ordinal);
    }
}
