using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace FeedRelay.Tests;

/// <summary>Finds anything in an HTML fragment that a browser could run or that could load script or style.</summary>
internal static class ExecutableHtml
{
    private static readonly HashSet<string> DangerousElements = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "form", "input", "button", "textarea",
        "select", "link", "meta", "base", "svg", "math", "template", "noscript", "xmp", "isindex", "bgsound", "marquee",
        "details", "video", "audio", "source", "portal", "xss",
    };

    private static readonly HashSet<string> DangerousAttributes = new(StringComparer.OrdinalIgnoreCase)
    {
        "style", "srcdoc", "action", "formaction", "background", "dynsrc", "lowsrc", "data", "xlink:href", "poster", "ping",
    };

    private static readonly HashSet<string> UrlAttributes = new(StringComparer.OrdinalIgnoreCase) { "href", "src", "cite", "longdesc", "usemap" };

    /// <summary>One line per problem found in <paramref name="html"/>; empty when nothing is executable.</summary>
    public static IReadOnlyList<string> Problems(string html)
    {
        var document = new HtmlParser().ParseDocument("<body>" + html);
        return Problems(document.Body!);
    }

    /// <summary>One line per problem found under <paramref name="root"/>.</summary>
    public static IReadOnlyList<string> Problems(IElement root)
    {
        var problems = new List<string>();
        foreach (var element in root.QuerySelectorAll("*"))
        {
            if (DangerousElements.Contains(element.LocalName))
            {
                problems.Add($"element <{element.LocalName}>");
            }

            foreach (var attribute in element.Attributes)
            {
                var name = attribute.Name;
                if (name.StartsWith("on", StringComparison.OrdinalIgnoreCase) || DangerousAttributes.Contains(name))
                {
                    problems.Add($"attribute {name} on <{element.LocalName}>");
                }
                else if (UrlAttributes.Contains(name) && !IsSafeUrl(attribute.Value))
                {
                    problems.Add($"{name}=\"{attribute.Value}\" on <{element.LocalName}>");
                }
                else if (name.Equals("srcset", StringComparison.OrdinalIgnoreCase)
                         && attribute.Value.Split(',').Any(c => !IsSafeUrl(c.Trim().Split(' ')[0])))
                {
                    problems.Add($"srcset=\"{attribute.Value}\" on <{element.LocalName}>");
                }
            }
        }

        return problems;
    }

    /// <summary>Browsers drop ASCII whitespace and controls inside a scheme, so check the URL as they would read it.</summary>
    private static bool IsSafeUrl(string value)
    {
        var squeezed = new string(value.Where(c => c > ' ').ToArray());
        var colon = squeezed.IndexOf(':', StringComparison.Ordinal);
        var slash = squeezed.IndexOfAny(['/', '?', '#']);
        if (colon < 0 || (slash >= 0 && slash < colon))
        {
            return true; // relative
        }

        var scheme = squeezed[..colon].ToLowerInvariant();
        return scheme is "http" or "https" or "mailto";
    }
}
