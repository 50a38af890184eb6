using CsCheck;
using FeedRelay.Content;

namespace FeedRelay.Tests.Content;

/// <summary>
/// The hand-written nesting scan decides exactly as the tag pattern, counts depth as the tree builder does, and stays linear
/// on the inputs that made the tree builder quadratic.
/// </summary>
public sealed class NestingGuardTests
{
    private static readonly Gen<string> Soup = Gen.String[Gen.Char["<>/ =\"'abpPdivLIbrimg-1\n"], 0, 300];

    private static readonly Gen<string> Tags = Gen.OneOf<string>(
            "<div>", "</div>", "<p>", "<b >", "</b>", "<br/>", "<img src=x/>", "<a/ >", "</ a>", "<x-y-1>", "<DIV>", "</Div>", "<1>", "< b>", "<", ">", "/", "text",
            "<li>", "<span class=\"a>b\">", "</>", "<a href='/'>", "<svg/>", "</p/>")
        .Array[0, 60].Select(string.Concat);

    [Fact]
    public void The_scan_matches_the_pattern_on_tag_soup()
    {
        Soup.Sample(html => NestingGuard.IsTooDeep(html, 3) == NestingGuard.IsTooDeepByPattern(html, 3), iter: 5000);
        Tags.Sample(html => NestingGuard.IsTooDeep(html, 4) == NestingGuard.IsTooDeepByPattern(html, 4)
                            && NestingGuard.IsTooDeep(html, 1) == NestingGuard.IsTooDeepByPattern(html, 1), iter: 5000);
    }

    [Theory]
    [InlineData("<div><div><div>x</div></div></div>", 2, true)]
    [InlineData("<div><div>x</div></div><div><div>y</div></div>", 2, false)]
    [InlineData("<p><p><p><li><li><br><img>", 0, false)]
    [InlineData("<b/><b/><b/>", 1, true)] // a slash closes no HTML element
    [InlineData("<div></i><div></i><div></i>", 2, true)] // an end tag that closes nothing closes nothing
    [InlineData("<div><b><i>x</div><div><b><i>y</div>", 3, false)] // an end tag closes what is open inside its element
    [InlineData("<br/><img/><hr/>", 0, false)]
    [InlineData("<svg><path/><path/><path/></svg><svg><circle/></svg>", 2, false)] // a slash closes an element inside svg
    [InlineData("<math><mi/><mi/></math>", 1, false)]
    [InlineData("<svg><g><g><g>", 3, true)]
    [InlineData("<div><svg></svg><div/><div/>", 2, true)] // after the svg, a slash closes nothing again
    [InlineData("<span><span", 1, false)]
    [InlineData("<rt><rt><rp><rb>x", 3, true)] // outside a ruby, its parts nest
    [InlineData("<ruby><object><rt><rt><rt>", 4, true)] // and inside one when something between takes the ruby out of scope
    [InlineData("<ruby>漢<rt>kan<rt>ji<rp>(<rb>字</ruby><ruby>a<rt>b</ruby>", 5, false)] // the end of a ruby closes its parts
    public void Depth_counts_unclosed_elements(string html, int max, bool tooDeep)
    {
        Assert.Equal(tooDeep, NestingGuard.IsTooDeep(html, max));
        Assert.Equal(tooDeep, NestingGuard.IsTooDeepByPattern(html, max));
    }

    [Fact]
    public void Inline_svg_charts_with_thousands_of_shapes_keep_the_article_formatted()
    {
        var chart = "<svg viewBox=\"0 0 10 10\">" + string.Concat(Enumerable.Repeat("<path d=\"M0 0\"/>", 600)) + "</svg>";
        var html = "<p>Intro <b>bold</b> <a href=\"https://example.com/\">link</a></p>" + string.Concat(Enumerable.Repeat(chart, 6)) + "<p>after</p>";

        Assert.False(NestingGuard.IsTooDeep(html, 512));
        Assert.False(NestingGuard.IsTooDeepByPattern(html, 512));
        Assert.Contains("<b>bold</b>", new HtmlCleaner().Clean(html, null), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<div/>")]
    [InlineData("<div></i>")]
    [InlineData("<span/></b>")]
    public void Repeated_markup_that_hid_its_depth_from_the_guard_is_published_as_plain_text(string unit)
    {
        var html = string.Concat(Enumerable.Repeat(unit + "字", 20_000));

        Assert.True(NestingGuard.IsTooDeep(html, 512));
        var clean = new HtmlCleaner().Clean(html, null);
        Assert.StartsWith("<p>", clean, StringComparison.Ordinal);
        Assert.DoesNotContain("<div", clean, StringComparison.Ordinal);
        Assert.DoesNotContain("<span", clean, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<div><b>bold</b> &amp; <i>it</i></div>", "<p>bold &amp; it</p>")]
    [InlineData("a<!-- a comment, <b>not</b> text -->b<script>x()</script>c", "<p>a b c</p>")]
    [InlineData("<!---->", "")]
    public void The_plain_text_fallback_keeps_only_text(string html, string expected) =>
        Assert.Equal(expected, NestingGuard.AsPlainText(html));
}
