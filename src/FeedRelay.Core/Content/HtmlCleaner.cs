using AngleSharp.Html.Parser;
using Ganss.Xss;

namespace FeedRelay.Content;

/// <summary>Turns raw item HTML into safe, self-contained HTML. Immutable and reusable across threads.</summary>
public sealed class HtmlCleaner
{
    private readonly HtmlSanitizer _sanitizer;

    /// <summary>Creates a cleaner from <paramref name="options"/>.</summary>
    public HtmlCleaner(ContentOptions? options = null)
    {
        options ??= ContentOptions.Default;
        _sanitizer = new HtmlSanitizer(new HtmlSanitizerOptions
        {
            AllowedTags = new HashSet<string>(options.AllowedElements, StringComparer.OrdinalIgnoreCase),
            AllowedAttributes = new HashSet<string>(options.AllowedAttributes, StringComparer.OrdinalIgnoreCase),
            AllowedSchemes = new HashSet<string>(options.AllowedSchemes, StringComparer.OrdinalIgnoreCase),
            UriAttributes = new HashSet<string>(["href", "src", "cite", "poster"], StringComparer.OrdinalIgnoreCase),
            AllowedCssProperties = new HashSet<string>(StringComparer.OrdinalIgnoreCase),
            AllowedAtRules = new HashSet<AngleSharp.Css.Dom.CssRuleType>(),
        });
        _sanitizer.KeepChildNodes = true;
    }

    /// <summary>Sanitises <paramref name="html"/>, resolving relative URLs against <paramref name="baseUrl"/>.</summary>
    public string Clean(string html, Uri? baseUrl)
    {
        if (string.IsNullOrWhiteSpace(html))
        {
            return "";
        }

        return _sanitizer.Sanitize(html, baseUrl?.AbsoluteUri ?? "").Trim();
    }

    /// <summary>The first image URL in <paramref name="html"/>, if any.</summary>
    public static string? FirstImage(string html)
    {
        if (string.IsNullOrEmpty(html))
        {
            return null;
        }

        var document = new HtmlParser().ParseDocument(html);
        return document.QuerySelector("img[src]")?.GetAttribute("src");
    }
}
