using AngleSharp.Html.Parser;
using FeedRelay.Translation;

namespace FeedRelay.Tests.Translation;

public sealed class HtmlSegmenterTests
{
    private static string Paragraphs(int count) =>
        string.Concat(Enumerable.Range(1, count).Select(i => $"<p>第{i}段：记者报道，<a href=\"https://news.example/{i}\">相关链接</a>今天的新闻内容在这里继续。</p>"));

    /// <summary>The HTML as AngleSharp serialises it, which is what reassembly can promise to reproduce.</summary>
    private static string Normalised(string html)
    {
        var parser = new HtmlParser();
        var body = parser.ParseDocument("<!DOCTYPE html><html><body></body></html>").Body!;
        return string.Concat(parser.ParseFragment(html, body).Select(n => n is AngleSharp.Dom.IElement e ? e.OuterHtml : n.TextContent));
    }

    [Fact]
    public void Short_content_is_one_piece()
    {
        var pieces = HtmlSegmenter.Split("<p>短文</p>", 1000);

        Assert.Equal([new HtmlPiece("<p>短文</p>", true)], pieces);
    }

    [Fact]
    public void Empty_content_has_no_pieces() => Assert.Empty(HtmlSegmenter.Split("  ", 1000));

    [Fact]
    public void Long_content_splits_between_elements_and_reassembles()
    {
        var html = Paragraphs(300);

        var pieces = HtmlSegmenter.Split(html, 2_000);

        Assert.True(pieces.Count > 5);
        Assert.All(pieces, p => Assert.True(p.Translate && p.Html.Length <= 2_000 && p.Html.StartsWith("<p>", StringComparison.Ordinal) && p.Html.EndsWith("</p>", StringComparison.Ordinal)));
        Assert.Equal(Normalised(html), HtmlSegmenter.Join(pieces.Select(p => p.Html)));
    }

    [Fact]
    public void An_oversized_element_is_split_inside_with_its_own_tags_kept_untranslated()
    {
        var html = "<div class=\"body\"><blockquote>" + Paragraphs(100) + "</blockquote></div><p>结尾</p>";

        var pieces = HtmlSegmenter.Split(html, 1_500);

        Assert.Equal(new HtmlPiece("<div class=\"body\"><blockquote>", false), pieces[0]);
        Assert.Contains(new HtmlPiece("</blockquote></div>", false), pieces);
        Assert.All(pieces.Where(p => p.Translate), p => Assert.True(p.Html.Length <= 1_500));
        Assert.Equal(Normalised(html), HtmlSegmenter.Join(pieces.Select(p => p.Html)));
    }

    [Fact]
    public void One_huge_paragraph_is_cut_at_sentence_ends()
    {
        var text = string.Concat(Enumerable.Repeat("这是一个很长的句子，讲述了新闻&amp;评论。", 400));
        var html = "<p>" + text + "</p>";

        var pieces = HtmlSegmenter.Split(html, 1_000);

        Assert.All(pieces.Where(p => p.Translate), p =>
        {
            Assert.True(p.Html.Length <= 1_000);
            Assert.EndsWith("。", p.Html, StringComparison.Ordinal);
        });
        Assert.Equal(Normalised(html), HtmlSegmenter.Join(pieces.Select(p => p.Html)));
    }
}
