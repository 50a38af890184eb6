using FeedRelay.Content;
using FeedRelay.Seeds;

namespace FeedRelay.Tests.Content;

/// <summary>
/// The cleaner parses a seed's HTML once and re-parses its own output only when the tree would not survive a parse:
/// the result, and the plain text read from the tree, must be exactly what the always-re-parse algorithm gives.
/// </summary>
public sealed class SingleParseTests
{
    private static readonly HtmlCleaner Cleaner = new();
    private static readonly Uri Base = new("https://example.org/news/a.html");

    public static TheoryData<string> SeedFiles() => CorpusImageTests.SeedFiles();

    [Theory]
    [MemberData(nameof(SeedFiles))]
    public void Every_seed_cleans_as_with_the_second_parse(string file)
    {
        var parsed = SeedParser.Parse(File.ReadAllBytes(Path.Combine(TestPaths.RepoRoot, file)));
        Assert.True(parsed.IsSuccess, file);
        var fast = Cleaner.CleanWithText(parsed.Seed.Html, parsed.Seed.Link);
        var reference = Cleaner.CleanReference(parsed.Seed.Html, parsed.Seed.Link);
        Assert.Equal(reference.Html, fast.Html);
        Assert.Equal(reference.PlainText, fast.PlainText);
        Assert.Equal(Summary.PlainText(fast.Html), fast.PlainText);
    }

    [Theory]
    [InlineData("<h2>a<object><h3>b</h3></object>c</h2>")]                                  // heading in heading once the object is gone
    [InlineData("<a href=\"/x\">a<object><a href=\"/y\">b</a></object></a>")]                // link in link
    [InlineData("<p>a<object><div>b</div></object>c</p>")]                                    // block in paragraph
    [InlineData("<ul><li>a<object><li>b</li></object></li></ul>")]                           // item in item
    [InlineData("<dl><dt>a<object><dd>b</dd></object></dt></dl>")]                           // term in term
    [InlineData("<table><tr><td>a</td></tr><object>loose text</object></table>")]            // text in a table
    [InlineData("<table><tbody><tr><object><td>a</td><span>b</span></object></tr></tbody></table>")]
    [InlineData("<pre>\n\nfirst line after a blank</pre>")]                                   // the newline after <pre>
    [InlineData("<div>18/01/2022 - 16:49</div><!-- c -->Array text after the date")]          // metadata line over split text
    [InlineData("<p>plain <b>bold <i>both</i></b> text</p><figure><img src=\"/a.jpg\"><figcaption>cap</figcaption></figure>")]
    [InlineData("<p class=\"wp-embedded-content\"><select><xmp></xmp><br>")]                  // a <br> without the self-closing flag
    [InlineData("<p class=\"wp-embedded-content\"><select><xmp></xmp><hr><img src=\"/a.jpg\">")]
    public void Trees_that_a_parse_would_change_are_parsed_again(string html)
    {
        var fast = Cleaner.CleanWithText(html, Base);
        var reference = Cleaner.CleanReference(html, Base);
        Assert.Equal(reference.Html, fast.Html);
        Assert.Equal(reference.PlainText, fast.PlainText);
    }

    [Theory]
    [InlineData("<h2>a<object><h3>b</h3></object>c</h2>", false)]
    [InlineData("<a href=\"/x\">a<object><a href=\"/y\">b</a></object></a>", false)]
    [InlineData("<p>a<object><div>b</div></object>c</p>", false)]
    [InlineData("<pre>\n\nx</pre>", false)]
    [InlineData("<p>plain <b>bold</b></p><ul><li>one<ul><li>two</li></ul></li></ul><table><tbody><tr><td><p>x</p></td></tr></tbody></table>", true)]
    public void Stability_is_judged_conservatively(string html, bool stable)
    {
        var body = new AngleSharp.Html.Parser.HtmlParser().ParseDocument("<!DOCTYPE html><html><head></head><body>" + html).Body!;
        foreach (var element in body.QuerySelectorAll("object").ToArray())
        {
            // What the sanitiser does with a disallowed element: keep its children in its place.
            foreach (var child in element.ChildNodes.ToArray())
            {
                element.Parent!.InsertBefore(child, element);
            }

            element.Remove();
        }

        Assert.Equal(stable, ParseStability.IsStable(body));
    }
}
