using AngleSharp.Html.Parser;
using FeedRelay.Content;

namespace FeedRelay.Tests.Content;

public sealed class HtmlCleanerTests
{
    private static readonly Uri Article = new("https://www.voachinese.com/a/story/123.html");
    private static readonly HtmlCleaner Cleaner = new();

    [Theory]
    [InlineData("<p>a<script>alert(1)</script>b</p>", "<p>ab</p>")]
    [InlineData("<p>a<style>p{color:red}</style>b</p>", "<p>ab</p>")]
    [InlineData("<p onclick=\"alert(1)\" class=\"x\" id=\"y\" style=\"color:red\">text</p>", "<p>text</p>")]
    [InlineData("<a href=\"javascript:alert(1)\">link</a>", "<a>link</a>")]
    [InlineData("<form action=\"/x\"><input name=q><button>go</button></form><p>after</p>", "<p>after</p>")]
    [InlineData("<svg onload=alert(1)><circle/></svg><p>x</p>", "<p>x</p>")]
    [InlineData("<unknown-tag>kept text</unknown-tag>", "kept text")]
    [InlineData("", "")]
    [InlineData("   ", "")]
    public void Sanitises_with_the_allow_list(string html, string expected)
    {
        Assert.Equal(expected, Cleaner.Clean(html, Article));
    }

    [Fact]
    public void Data_images_are_dropped_unless_their_type_is_allowed()
    {
        const string png = "<p><img src=\"data:image/png;base64,iVBORw0KGgo=\">x</p>";
        const string svg = "<p><img src=\"data:image/svg+xml;base64,PHN2Zz4=\">x</p>";
        var allowing = new HtmlCleaner(new ContentOptions { AllowedDataImageTypes = ["image/png", "image/svg+xml"] });

        Assert.Equal("<p>x</p>", Cleaner.Clean(png, Article));
        Assert.Contains("src=\"data:image/png;base64,iVBORw0KGgo=\"", allowing.Clean(png, Article), StringComparison.Ordinal);
        Assert.Equal("<p>x</p>", allowing.Clean(svg, Article)); // SVG can carry script, so it is never allowed inline
        Assert.Equal("<a>x</a>", allowing.Clean("<a href=\"data:image/png;base64,iVBORw0KGgo=\">x</a>", Article));
    }

    [Theory]
    [InlineData("<iframe title=\"四川深夜潰壩 不少村直接消失\" width=\"1080\" height=\"608\" src=\"https://www.youtube.com/embed/ONHFWmK4WDc?feature=oembed\" frameborder=\"0\" allowfullscreen></iframe>",
        "<a href=\"https://www.youtube.com/watch?v=ONHFWmK4WDc\">四川深夜潰壩 不少村直接消失</a>")]
    [InlineData("<iframe src=\"//player.vimeo.com/video/12345\"></iframe>", "<a href=\"https://vimeo.com/12345\">vimeo.com/12345</a>")]
    [InlineData("<iframe frameborder=\"0\" src=\"https://www.facebook.com/plugins/video.php?href=https%3A%2F%2Fwww.facebook.com%2FRFAChinese%2Fvideos%2F278856943362201%2F&amp;show_text=0\"></iframe>",
        "<a href=\"https://www.facebook.com/RFAChinese/videos/278856943362201/\">www.facebook.com/RFAChinese/videos/278856943362201/</a>")]
    [InlineData("<iframe src=\"javascript:alert(1)\"></iframe>x", "x")]
    [InlineData("<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>x", "x")]
    [InlineData("<blockquote class=\"wp-embedded-content\"><p><a href=\"https://chinadigitaltimes.net/chinese/2020/05/x/\">Title</a></p></blockquote><p><iframe class=\"wp-embedded-content\" sandbox=\"allow-scripts\" security=\"restricted\" title=\"Title\" src=\"https://chinadigitaltimes.net/chinese/2020/05/x/embed/\"></iframe></p>",
        "<blockquote><p><a href=\"https://chinadigitaltimes.net/chinese/2020/05/x/\">Title</a></p></blockquote>")]
    [InlineData("<video src=\"https://tvdownloaddw-a.akamaihd.net/v.mp4\" controls></video>", "<a href=\"https://tvdownloaddw-a.akamaihd.net/v.mp4\">Video: tvdownloaddw-a.akamaihd.net</a>")]
    public void Embeds_become_plain_links_with_their_title(string html, string expected)
    {
        Assert.Equal(expected, Cleaner.Clean(html, Article));
    }

    [Fact]
    public void A_tweet_keeps_its_text_and_link_but_not_its_widget_script()
    {
        const string tweet = "<blockquote class=\"twitter-tweet\" data-width=\"550\"><p lang=\"zh\" dir=\"ltr\">以老公为首的全家围攻</p>&mdash; amelia (@amelia39080571) "
                             + "<a href=\"https://twitter.com/amelia39080571/status/1268736811406368768?ref_src=twsrc%5Etfw\">June 5, 2020</a></blockquote>"
                             + "<p><script async src=\"https://platform.twitter.com/widgets.js\" charset=\"utf-8\"></script></p>";

        Assert.Equal("<blockquote><p lang=\"zh\" dir=\"ltr\">以老公为首的全家围攻</p>— amelia (@amelia39080571) "
                     + "<a href=\"https://twitter.com/amelia39080571/status/1268736811406368768?ref_src=twsrc%5Etfw\">June 5, 2020</a></blockquote>",
            Cleaner.Clean(tweet, Article));
    }

    [Fact]
    public void Images_are_unwrapped_made_absolute_and_sent_without_referrer()
    {
        var html = Cleaner.Clean("<img src=\"https://images.weserv.nl?url=gdb.voanews.com/a_w900.jpg\" width=\"100%\" class=\"x\"><img src=\"/b.png\" width=\"640\"><img src=\"//c.example/c.gif\">", Article);

        Assert.Equal("<img src=\"https://gdb.voanews.com/a_w900.jpg\" referrerpolicy=\"no-referrer\">"
                     + "<img src=\"https://www.voachinese.com/b.png\" width=\"640\" referrerpolicy=\"no-referrer\">"
                     + "<img src=\"https://c.example/c.gif\" referrerpolicy=\"no-referrer\">", html);
    }

    [Fact]
    public void Srcset_candidates_are_each_rewritten_and_bad_ones_dropped()
    {
        var html = Cleaner.Clean("<img src=\"a.jpg\" srcset=\"a-300.jpg 300w, https://images.weserv.nl/?url=cdn.example/a-900.jpg 900w, javascript:alert(1) 2x, https://picsum.photos/1 1x\" sizes=\"(max-width: 600px) 100vw\">", Article);

        var image = new HtmlParser().ParseDocument(html).QuerySelector("img")!;
        Assert.Equal("https://www.voachinese.com/a/story/a-300.jpg 300w, https://cdn.example/a-900.jpg 900w", image.GetAttribute("srcset"));
        Assert.Equal("https://www.voachinese.com/a/story/a.jpg", image.GetAttribute("src"));
    }

    [Fact]
    public void Placeholder_and_unusable_images_are_dropped()
    {
        Assert.Equal("<p>text</p>", Cleaner.Clean("<p><img src=\"https://picsum.photos/400/300?random=3\">text</p>", Article));
        Assert.Equal("<p>text</p>", Cleaner.Clean("<p><img>text<img src=\"\"></p>", Article));
        Assert.Equal("text", Cleaner.Clean("<a href=\"https://x.example/\"><img src=\"https://picsum.photos/1\"></a>text", Article));
    }

    [Fact]
    public void Lazy_and_picture_images_get_their_real_source()
    {
        Assert.Equal("<img alt=\"cap\" src=\"https://imgcdn.cna.com.tw/a.jpg\" referrerpolicy=\"no-referrer\">",
            Cleaner.Clean("<img class='lazyload' data-src='https://imgcdn.cna.com.tw/a.jpg' alt='cap'>", Article));
        Assert.Equal("<img src=\"https://assets.matters.news/540w/a.webp\" referrerpolicy=\"no-referrer\">",
            Cleaner.Clean("<picture><source type=\"image/webp\" srcset=\"https://assets.matters.news/540w/a.webp\"><img></picture>", Article));
    }

    [Fact]
    public void Links_are_absolute_and_in_page_anchors_dropped()
    {
        Assert.Equal("<p><a href=\"https://www.voachinese.com/a/other.html\">a</a> <a>b</a> <a href=\"https://www.reuters.com/companies/AAPL.O\">c</a> <a href=\"mailto:x@example.org\">d</a></p>",
            Cleaner.Clean("<p><a href=\"/a/other.html\" target=\"_blank\">a</a> <a href=\"#note\">b</a> <a href=\"//www.reuters.com/companies/AAPL.O\">c</a> <a href=\"mailto:x@example.org\">d</a></p>", Article));
    }

    [Fact]
    public void An_image_followed_by_small_print_becomes_a_figure_with_caption()
    {
        const string voa = "<img src=\"https://images.weserv.nl?url=gdb.voanews.com/01b1_w900.jpg\" width=\"100%\"><div><small style=\"color: #999;\">在卢甘斯克地区的路边。(2022年2月26日)</small></div><p>据俄罗斯和乌克兰政府说</p>";

        Assert.Equal("<figure><img src=\"https://gdb.voanews.com/01b1_w900.jpg\" referrerpolicy=\"no-referrer\"><figcaption>在卢甘斯克地区的路边。(2022年2月26日)</figcaption></figure><p>据俄罗斯和乌克兰政府说</p>",
            Cleaner.Clean(voa, Article));
    }

    [Fact]
    public void A_wordpress_caption_becomes_a_figure()
    {
        const string wp = "<div id=\"attachment_1\" style=\"width: 600px\" class=\"wp-caption aligncenter\"><a href=\"https://cdt.example/big.jpg\"><img src=\"https://cdt.example/small.jpg\" width=\"600\" height=\"368\"></a><p class=\"wp-caption-text\">图说</p></div>";

        Assert.Equal("<figure><a href=\"https://cdt.example/big.jpg\"><img src=\"https://cdt.example/small.jpg\" width=\"600\" height=\"368\" referrerpolicy=\"no-referrer\"></a><figcaption>图说</figcaption></figure>",
            Cleaner.Clean(wp, Article));
    }

    [Fact]
    public void A_paragraph_that_starts_with_emphasis_is_not_a_caption()
    {
        Assert.Equal("<img src=\"https://a.example/1.jpg\" referrerpolicy=\"no-referrer\"><p><em>Note:</em> more text</p>",
            Cleaner.Clean("<img src=\"https://a.example/1.jpg\"><p><em>Note:</em> more text</p>", Article));
    }

    [Theory]
    [InlineData("<div>\n<div><i>Fri, 21 Aug 2020 14:47:15 GMT</i></div><p>正文</p>\n</div>", "<div>\n<p>正文</p>\n</div>")]
    [InlineData("<div><i>SPENCER BOKAT-LINDELL<br>2021-01-15 16:48:58</i></div><p>正文</p>", "<p>正文</p>")]
    [InlineData("<div>18/01/2022 - 16:49</div>Array<p>正文</p>", "<p>正文</p>")]
    [InlineData("<div><i>2020年 7月 20日</i></div><p>正文</p>", "<p>正文</p>")]
    [InlineData("<div><i>A quote in italics.</i></div><p>正文</p>", "<div><i>A quote in italics.</i></div><p>正文</p>")]
    [InlineData("<p>Intro</p><div><i>Fri, 21 Aug 2020 14:47:15 GMT</i></div>", "<p>Intro</p><div><i>Fri, 21 Aug 2020 14:47:15 GMT</i></div>")]
    public void A_leading_metadata_line_is_removed(string html, string expected)
    {
        Assert.Equal(expected, Cleaner.Clean(html, Article));
    }

    [Fact]
    public void Re_proxying_sends_every_image_through_the_configured_proxy()
    {
        var cleaner = new HtmlCleaner(new ContentOptions { ImageProxyTemplate = "https://images.weserv.nl/?url={url}" });

        var html = cleaner.Clean("<img src=\"https://thumbor.ftacademy.cn/unsafe/1340x754/https://thumbor.ftacademy.cn/unsafe/picture/0/1_piclink.jpg\">", Article);

        Assert.Equal("<img src=\"https://images.weserv.nl/?url=https%3A%2F%2Fthumbor.ftacademy.cn%2Funsafe%2Fpicture%2F0%2F1_piclink.jpg\" referrerpolicy=\"no-referrer\">", html);
    }

    [Fact]
    public void Text_that_looks_like_markup_stays_text()
    {
        Assert.Equal("<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp;amp;</p>", Cleaner.Clean("<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp;amp;</p>", Article));
        Assert.Empty(ExecutableHtml.Problems(Cleaner.Clean("<xmp><img src=x onerror=alert(1)></xmp>", Article)));
    }

    [Fact]
    public void Input_the_parser_chokes_on_is_published_as_plain_text()
    {
        // AngleSharp 1.10.3 and 1.10.4 throw NullReferenceException while building this tree (found by the property test).
        const string html = "<p>before<select><xmp></xmp><select> after<script>alert(1)</script>";

        Assert.Equal("<p>before after</p>", Cleaner.Clean(html, Article));
        Assert.Equal("before after", Summary.PlainText(html));
        Assert.Null(HtmlCleaner.FirstImage(html));
    }

    [Fact]
    public void Hostile_nesting_is_published_as_plain_text()
    {
        var html = string.Concat(Enumerable.Repeat("<div><b>", 5000)) + "text &amp; more<script>alert(1)</script><img src=x onerror=alert(1)>";

        Assert.Equal("<p>text &amp; more</p>", Cleaner.Clean(html, Article));
    }

    [Fact]
    public void Ordinary_nesting_and_unclosed_paragraphs_are_cleaned_as_html()
    {
        var paragraphs = string.Concat(Enumerable.Repeat("<p>para", 2000));
        var nested = string.Concat(Enumerable.Repeat("<div>", 100)) + "<p>deep</p>";

        Assert.StartsWith("<p>para</p><p>para</p>", Cleaner.Clean(paragraphs, Article), StringComparison.Ordinal);
        Assert.Contains("<p>deep</p>", Cleaner.Clean(nested, Article), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_owasp_vector_is_defused()
    {
        var text = File.ReadAllText(Path.Combine(TestPaths.Fixtures, "content", "xss-vectors.html"));
        foreach (var vector in text[(text.IndexOf("-->", StringComparison.Ordinal) + 3)..].Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var problems = ExecutableHtml.Problems(Cleaner.Clean(vector, Article));
            Assert.True(problems.Count == 0, vector + "\n" + string.Join("\n", problems));
        }
    }

    [Fact]
    public void Tens_of_thousands_of_elements_to_unwrap_side_by_side_are_published_as_plain_text()
    {
        // Also one element with tens of thousands of children before tens of thousands of siblings: each child moved shifts them all.
        var wide = "<p><x>" + string.Concat(Enumerable.Repeat("a<br>", 40_000)) + "</x>" + string.Concat(Enumerable.Repeat("b<br>", 40_000));
        Assert.DoesNotContain("<br>", Cleaner.Clean(wide, Article), StringComparison.Ordinal);

        // Each unwrap searches the parent's list in AngleSharp's DOM and shifts what follows: 40,000 side by side count
        // about 2.4·10⁹ list entries, over the budget (the walk gives up after about 16,000 of them).
        var hostile = "<p>" + string.Concat(Enumerable.Repeat("<x>a</x>", 40_000));
        var ordinary = "<p>" + string.Concat(Enumerable.Repeat("<x>a</x>", 2_000));

        Assert.Equal("<p>" + string.Join(' ', Enumerable.Repeat("a", 40_000)) + "</p>", Cleaner.Clean(hostile, Article));
        Assert.Equal("<p>" + new string('a', 2_000) + "</p>", Cleaner.Clean(ordinary, Article));

        // The budget is the cleaner's, not the allow-list walk's: dropped elements removed side by side spend it too.
        var dropped = "<p>" + string.Concat(Enumerable.Repeat("a<input>", 40_000));
        Assert.Equal("<p>" + string.Join(' ', Enumerable.Repeat("a", 40_000)) + "</p>", Cleaner.Clean(dropped, Article));
    }
}
