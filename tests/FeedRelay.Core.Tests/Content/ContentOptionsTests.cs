using FeedRelay.Content;

namespace FeedRelay.Tests.Content;

public sealed class ContentOptionsTests
{
    [Fact]
    public void The_defaults_are_valid()
    {
        Assert.Empty(ContentOptions.Default.Problems());
    }

    [Fact]
    public void Unsafe_or_malformed_settings_are_reported()
    {
        var options = new ContentOptions
        {
            SummaryLength = 0,
            MaxNestingDepth = 1,
            ImageProxyTemplate = "http://proxy.example/?u={url}",
            AllowedDataImageTypes = ["image/svg+xml", "text/html"],
            ImageProxies = [new ImageProxyRule()],
            ImageReferrerPolicy = "sometimes",
            SourceLanguages = new Dictionary<string, string> { ["voa"] = "Chinese please" },
        };

        var problems = options.Problems().ToList();

        Assert.Equal(8, problems.Count);
        Assert.Contains(problems, p => p.Contains("ImageProxyTemplate", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("SourceLanguages:voa", StringComparison.Ordinal));
    }

    [Fact]
    public void Configured_lists_cannot_switch_off_the_safety_floor()
    {
        var careless = new ContentOptions
        {
            AllowedElements = [.. ContentOptions.Default.AllowedElements, "script", "iframe", "style"],
            AllowedAttributes = [.. ContentOptions.Default.AllowedAttributes, "onclick", "style"],
            AllowedSchemes = [.. ContentOptions.Default.AllowedSchemes, "javascript", "data"],
        };

        var html = new HtmlCleaner(careless).Clean("<p onclick=\"alert(1)\" style=\"color:red\"><a href=\"javascript:alert(1)\">x</a><script>alert(1)</script><a href=\"data:text/html,x\">y</a></p>", null);

        Assert.Equal("<p><a>x</a><a>y</a></p>", html);
    }

    [Fact]
    public void Foreign_content_templates_and_namespaced_attributes_stay_out_whatever_is_configured()
    {
        var careless = new ContentOptions
        {
            AllowedElements = [.. ContentOptions.Default.AllowedElements, "svg", "math", "template", "foreignObject", "mi"],
            DroppedElements = [.. ContentOptions.Default.DroppedElements.Except(["svg", "math", "template"])],
            AllowedAttributes = [.. ContentOptions.Default.AllowedAttributes, "xlink:href", "srcdoc"],
        };

        var html = new HtmlCleaner(careless).Clean(
            "<p>a<template><img src=x onerror=alert(1)><script>alert(1)</script></template></p>"
            + "<svg><foreignObject><a xlink:href=\"javascript:alert(1)\">click</a></foreignObject></svg>"
            + "<math><mi xlink:href=\"javascript:alert(1)\">m</mi></math><p srcdoc=\"&lt;script&gt;alert(1)&lt;/script&gt;\">s</p>",
            new Uri("https://example.org/a/b.html"));

        // Unwrapped, SVG and MathML leave their text; a template's content is a fragment of its own and goes with it.
        Assert.Equal("<p>a</p><a>click</a>m<p>s</p>", html);
    }
}
