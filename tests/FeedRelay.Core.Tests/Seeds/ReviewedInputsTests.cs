using FeedRelay.Content;
using FeedRelay.Ingestion;
using FeedRelay.Seeds;

namespace FeedRelay.Tests.Seeds;

/// <summary>
/// Inputs a review found mishandled (each failed before its fix): Windows line endings in front matter, an empty waimei
/// wrapper, a Jekyll wall-clock date from a source with no configured zone, an image-proxy URL with nothing before its
/// <c>://</c>, and a grapheme of thousands of combining marks in a summary.
/// </summary>
public sealed class ReviewedInputsTests
{
    [Theory]
    [InlineData("---\r\ntitle: Hello\r\ndate: 2020-07-20T10:00:00+08:00\r\nauthor: X\r\n---\r\n<p>body</p>\r\n")]
    [InlineData("---\r\ndate: 2020-07-20T10:00:00+08:00\r\nauthor: X\r\ntitle: Hello\r\n---\r\n<p>body</p>\r\n")]
    public void Front_matter_with_CRLF_line_endings_reads_as_with_LF(string text)
    {
        var result = SeedParser.Parse(text);

        Assert.True(result.IsSuccess, result.Error?.Message);
        Assert.Equal("Hello", result.Seed.Title);
        Assert.Equal(new DateTimeOffset(2020, 7, 20, 10, 0, 0, TimeSpan.FromHours(8)), result.Seed.Published);
    }

    [Fact]
    public void A_waimei_post_with_an_empty_wrapper_is_parsed_not_failed_unexpectedly()
    {
        var text = "---\nlayout: post\ntitle: \"空\"\ndate: 2021-01-14T20:11:23.000Z\nauthor: 美国之音\nfrom: https://www.voachinese.com/a/1.html\n"
            + "categories: [ 美国之音 ]\n---\n<!--1610655083000-->\n[空](https://www.voachinese.com/a/1.html)\n------\n\n<div>\n</div>\n";

        var result = SeedParser.Parse(text);

        Assert.True(result.IsSuccess || !result.Error!.Code.EndsWith(".internal", StringComparison.Ordinal), result.Error?.Message);
    }

    [Fact]
    public void A_jekyll_wall_clock_date_from_a_source_with_no_zone_is_not_given_the_hexo_zone()
    {
        var text = "---\ntitle: T\nlayout: post\ndate: 2020-07-20 10:00:00\nauthor: X\nfrom: https://example.org/a\n---\n<p>x</p>\n";

        var result = SeedParser.Parse(text);

        Assert.False(result.IsSuccess && result.Seed.PublishedFrom == "front-matter:date-local", "a wall-clock time with no configured zone is never guessed");
    }

    [Fact]
    public void An_image_proxy_URL_with_no_scheme_before_its_separator_keeps_the_content_formatted()
    {
        var cleaner = new HtmlCleaner();
        const string html = "<p>a <b>bold</b> word</p><img src=\"https://thumbor.ftacademy.cn/unsafe/://x\">";

        var clean = cleaner.CleanWithText(html, null);
        var lead = cleaner.LeadImage("https://thumbor.ftacademy.cn/unsafe/://x", clean, null);

        Assert.Contains("<b>bold</b>", clean.Html, StringComparison.Ordinal);
        Assert.Equal("https://thumbor.ftacademy.cn/unsafe/://x", lead?.OriginalString);
    }

    [Fact]
    public void A_summary_is_bounded_in_UTF16_units_whatever_its_graphemes()
    {
        var text = "a" + new string('\u0301', 200_000) + " more words";

        var summary = Summary.Cut(text, 280);

        Assert.True(summary.Length <= 4 * 280, $"{summary.Length} UTF-16 units");
        Assert.Equal("Hello world", Summary.Cut("Hello world", 280));
    }

    [Fact]
    public void A_title_is_decoded_once_so_doubly_encoded_markup_stays_words()
    {
        var seed = SeedParser.Parse("---\ntitle: '&amp;lt;img src=x onerror=alert(1)&amp;gt; <b>hi</b> AT&amp;T'\ndate: 2020-07-20T10:00:00+08:00\nauthor: X\n---\n<p>x</p>\n");
        Assert.True(seed.IsSuccess, seed.Error?.Message);

        var title = new HtmlCleaner().CleanPlain(seed.Seed.Title);

        Assert.Equal("&lt;img src=x onerror=alert(1)&gt; hi AT&T", title);
        Assert.Equal(title, new HtmlCleaner().CleanPlain(title + " <i></i>")?.TrimEnd());
    }
}
