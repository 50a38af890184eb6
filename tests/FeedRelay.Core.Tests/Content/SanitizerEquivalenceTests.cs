using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using CsCheck;
using FeedRelay.Content;
using FeedRelay.Seeds;
using FeedRelay.Tests.Seeds;
using Ganss.Xss;

namespace FeedRelay.Tests.Content;

/// <summary>
/// The cleaner's own allow-list walk (<see cref="AllowListSanitizer"/>) against the library it replaced for speed:
/// HtmlSanitizer, configured as the cleaner configured it, must leave the same tree on every input. Inputs reach both
/// with only the dropped elements removed (no embed, image or link rules first), so more hostile markup reaches them than
/// through the cleaner. Where the walk's floors go beyond HtmlSanitizer (SVG, MathML, template and namespaced attributes
/// refused whatever is configured), <c>ContentOptionsTests</c> shows them.
/// </summary>
public sealed class SanitizerEquivalenceTests
{
    private static readonly Uri Base = new("https://www.rfa.org/mandarin/a/b.html");
    private static readonly ContentOptions DataImages = new() { AllowedDataImageTypes = ["image/png", "image/svg+xml"] };

    public static TheoryData<string> FixtureSeeds() => new(SeedHtml().Select(s => s.Fixture));

    [Theory]
    [MemberData(nameof(FixtureSeeds))]
    public void A_fixture_seed_is_sanitised_as_HtmlSanitizer_sanitises_it(string fixture)
    {
        var (_, seed) = SeedHtml().Single(s => s.Fixture == fixture);
        AssertSame(seed.Html, seed.Link, ContentOptions.Default);
        AssertSame(seed.Html, null, ContentOptions.Default);
    }

    [Fact]
    public void Every_owasp_vector_is_sanitised_as_HtmlSanitizer_sanitises_it()
    {
        var text = File.ReadAllText(Path.Combine(TestPaths.Fixtures, "content", "xss-vectors.html"));
        foreach (var vector in text[(text.IndexOf("-->", StringComparison.Ordinal) + 3)..].Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            AssertSame(vector, Base, ContentOptions.Default);
            AssertSame(vector, null, DataImages);
        }
    }

    [Theory]
    [InlineData("<a href=\"x&{alert(1)}\">relative, resolved</a><a href=\"https://a.example/&{x}\">absolute</a>")]
    [InlineData("<img src=\"data:image/png;base64,AAAA\"><a href=\"data:image/png;base64,AAAA\">a</a><img src=\"data:image/svg+xml,<svg/>\">")]
    [InlineData("<img srcset=\"a.png 1x, javascript:alert(1) 2x, data:image/png;base64,AA 3x\"><img srcset=\" \"><img srcset=\"javascript:x\">")]
    [InlineData("<a href=\"jav&#x09;ascript:alert(1)\">t</a><a href=\"java&#58script:x\">e</a><a href=\"  mailto:a@b.example\">m</a><a href=\"http://[::1\">bad</a>")]
    [InlineData("<!-- c --><p><!--[if IE]><script>x</script><![endif]-->x<?php echo 1 ?></p><xmp><b>raw</b></xmp><noscript><img src=a.png></noscript>")]
    [InlineData("<svg><a href=\"https://a.example/\">svg link</a><foreignObject><p>in</p></foreignObject></svg><math><mi>x</mi></math>")]
    [InlineData("<table><tr><td colspan=2 SRC=x.png Style=\"x\">c</td></tr></table><template><p>t</p></template><iframe src=x>f</iframe>")]
    public void Edge_cases_are_sanitised_as_HtmlSanitizer_sanitises_them(string html)
    {
        AssertSame(html, Base, ContentOptions.Default);
        AssertSame(html, null, ContentOptions.Default);
        AssertSame(html, Base, DataImages);
    }

    [Fact]
    public void Generated_markup_is_sanitised_as_HtmlSanitizer_sanitises_it()
    {
        HtmlCleanerPropertyTests.Document.Sample(
            html => Sanitised(html, Base, ContentOptions.Default) is var (expected, actual) && expected == actual
                    && Sanitised(html, null, DataImages) is var (expected2, actual2) && expected2 == actual2,
            iter: 3000, print: html => html + "\n=> " + Sanitised(html, Base, ContentOptions.Default));
    }

    private static void AssertSame(string html, Uri? baseUrl, ContentOptions options)
    {
        var (expected, actual) = Sanitised(html, baseUrl, options);
        Assert.True(expected == actual, $"{html}\nHtmlSanitizer: {expected}\nown walk:      {actual}");
    }

    /// <summary><paramref name="html"/> sanitised by HtmlSanitizer and by the cleaner's own walk, each on a tree of its own.</summary>
    private static (string Expected, string Actual) Sanitised(string html, Uri? baseUrl, ContentOptions options)
    {
        if (Parse(html) is not { } reference || Parse(html) is not { } own)
        {
            return ("", ""); // nothing to sanitise: AngleSharp's tree builder throws on a few rare inputs (see HtmlCleaner)
        }

        // As in the cleaner, the dropped elements (SVG, MathML, template, script…) go whole before the sanitiser runs.
        foreach (var document in (IHtmlDocument[])[reference, own])
        {
            foreach (var dropped in document.Body!.QuerySelectorAll(string.Join(',', options.DroppedElements)).ToArray())
            {
                dropped.Remove();
            }
        }

        Reference(options).SanitizeDom(reference, reference.Body, baseUrl?.AbsoluteUri ?? "");
        new AllowListSanitizer(options).Sanitize(own.Body!, baseUrl, new EditBudget());
        return (reference.Body!.InnerHtml, own.Body!.InnerHtml);
    }

    /// <summary><paramref name="html"/> parsed as the cleaner parses it; null where AngleSharp's tree builder throws.</summary>
    internal static IHtmlDocument? Parse(string html)
    {
        try
        {
            return new HtmlParser().ParseDocument("<!DOCTYPE html><html><head></head><body>" + html);
        }
        catch (Exception e) when (e is NullReferenceException or InvalidOperationException or ArgumentException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    /// <summary>HtmlSanitizer as the cleaner configured it until it had a walk of its own.</summary>
    private static HtmlSanitizer Reference(ContentOptions options)
    {
        var schemes = new HashSet<string>(options.AllowedSchemes, StringComparer.OrdinalIgnoreCase);
        schemes.ExceptWith(["javascript", "vbscript", "data"]);
        if (options.AllowedDataImageTypes.Count > 0)
        {
            schemes.Add("data");
        }

        var sanitizer = new HtmlSanitizer(new HtmlSanitizerOptions
        {
            AllowedTags = new HashSet<string>(options.AllowedElements.Except(options.DroppedElements, StringComparer.OrdinalIgnoreCase), StringComparer.OrdinalIgnoreCase),
            AllowedAttributes = new HashSet<string>(
                options.AllowedAttributes.Where(a => !a.StartsWith("on", StringComparison.OrdinalIgnoreCase) && !a.Equals("style", StringComparison.OrdinalIgnoreCase)),
                StringComparer.OrdinalIgnoreCase),
            AllowedSchemes = schemes,
            UriAttributes = new HashSet<string>(["href", "src", "cite", "poster", "action", "formaction", "background", "longdesc", "usemap"], StringComparer.OrdinalIgnoreCase),
            UriListAttributes = new HashSet<string>(["srcset"], StringComparer.OrdinalIgnoreCase),
            AllowedCssProperties = new HashSet<string>(StringComparer.OrdinalIgnoreCase),
            AllowedAtRules = new HashSet<AngleSharp.Css.Dom.CssRuleType>(),
            AllowedClasses = new HashSet<string>(StringComparer.OrdinalIgnoreCase),
        })
        {
            KeepChildNodes = true,
        };
        sanitizer.FilterUrl += (_, e) =>
        {
            if (e.SanitizedUrl is { } url && url.StartsWith("data:", StringComparison.OrdinalIgnoreCase) && !IsAllowedDataImage(options, e.Tag, url))
            {
                e.SanitizedUrl = null;
            }
        };
        return sanitizer;
    }

    /// <summary>The cleaner's data-image rule as it stood beside HtmlSanitizer (copied, so that the reference does not run the code under test).</summary>
    private static bool IsAllowedDataImage(ContentOptions options, AngleSharp.Dom.IElement? element, string url)
    {
        if (element?.LocalName != "img" || options.AllowedDataImageTypes.Count == 0)
        {
            return false;
        }

        var header = url.AsSpan(5);
        var end = header.IndexOfAny(';', ',');
        var type = end < 0 ? header : header[..end];
        foreach (var allowed in options.AllowedDataImageTypes)
        {
            if (type.Equals(allowed, StringComparison.OrdinalIgnoreCase) && allowed.StartsWith("image/", StringComparison.OrdinalIgnoreCase)
                && !allowed.Contains("svg", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The HTML of every fixture seed that parses, by fixture path.</summary>
    private static IEnumerable<(string Fixture, ParsedSeed Seed)> SeedHtml() =>
        SeedFixtureTests.Fixtures()
            .Select(fixture => (fixture, SeedParser.Parse(File.ReadAllBytes(Path.Combine(TestPaths.Fixtures, fixture))).Seed))
            .Where(s => s.Seed is { Html.Length: > 0 })
            .Select(s => (s.fixture, s.Seed!));
}
