using CsCheck;
using FeedRelay.Content;
using FeedRelay.Seeds;
using FeedRelay.Tests.Seeds;

namespace FeedRelay.Tests.Content;

/// <summary>The cleaner's serialiser (<see cref="HtmlWriter"/>) against AngleSharp's <c>InnerHtml</c>, which it stands in for.</summary>
public sealed class HtmlWriterTests
{
    [Theory]
    [InlineData("<p class=\"a\" title='x \"q\" &amp; &nbsp;'>a &amp; b &lt; c &gt; d&nbsp;e \u00A0</p><br><img src=\"x.png\" alt=\"\"><hr/>")]
    [InlineData("<pre>\nkept newline</pre><pre>no newline</pre><textarea>\nt</textarea><listing>\nl</listing>")]
    [InlineData("<script>if (a < b && c) {}</script><style>p > a {}</style><xmp><b></xmp><noscript><b>n</b></noscript><iframe><p></iframe>")]
    [InlineData("<svg viewBox=\"0 0 1 1\"><a xlink:href=\"#x\"><circle r=\"1\"/></a><foreignObject><p>in</p></foreignObject></svg><math><mi>x</mi></math>")]
    [InlineData("<!-- a comment --><div><!----><span>x</span></div><template><p>t</p></template><table><tr><td>c</td></tr></table>")]
    [InlineData("<p>😀 文字 \u0000 \r\n <b><i>misnested</b></i> <a href=\"?a=1&b=2\">q</a></p><custom-element data-x=\"1\">c</custom-element>")]
    public void Markup_is_written_as_AngleSharp_writes_it(string html) => AssertSame(html);

    [Fact]
    public void Every_fixture_seed_is_written_as_AngleSharp_writes_it()
    {
        foreach (var fixture in SeedFixtureTests.Fixtures())
        {
            if (SeedParser.Parse(File.ReadAllBytes(Path.Combine(TestPaths.Fixtures, fixture))).Seed is { Html.Length: > 0 } seed)
            {
                AssertSame(seed.Html);
            }
        }
    }

    [Fact]
    public void Generated_markup_is_written_as_AngleSharp_writes_it()
    {
        HtmlCleanerPropertyTests.Document.Sample(html => Written(html) is var (expected, actual) && expected == actual, iter: 3000,
            print: html => html + "\n" + Difference(Written(html)));
    }

    private static void AssertSame(string html)
    {
        var written = Written(html);
        Assert.True(written.Expected == written.Actual, Difference(written));
    }

    /// <summary>Where the two serialisations part, with some context (fixture articles are long).</summary>
    private static string Difference((string Expected, string Actual) written)
    {
        var at = written.Expected.AsSpan().CommonPrefixLength(written.Actual);
        var from = Math.Max(0, at - 80);
        return $"AngleSharp: …{written.Expected[from..Math.Min(written.Expected.Length, at + 80)]}\nHtmlWriter: …{written.Actual[from..Math.Min(written.Actual.Length, at + 80)]}";
    }

    private static (string Expected, string Actual) Written(string html)
    {
        if (SanitizerEquivalenceTests.Parse(html)?.Body is not { } body)
        {
            return ("", ""); // nothing to write: AngleSharp's tree builder throws on a few rare inputs (see HtmlCleaner)
        }

        return (body.InnerHtml, HtmlWriter.InnerHtml(body));
    }
}
