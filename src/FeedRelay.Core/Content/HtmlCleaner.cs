using AngleSharp.Dom;

namespace FeedRelay.Content;

/// <summary>
/// Turns raw item HTML into safe, self-contained HTML: embeds become links, images lose their proxies and
/// placeholders, URLs become absolute, captions become figures, then an allow-list sanitiser has the last word.
/// Immutable and reusable across threads; never throws on any input.
/// </summary>
public sealed class HtmlCleaner
{
    private static readonly string[] WebSchemes = ["http", "https"];

    /// <summary>Wrappers removed when they hold nothing visible (left behind by removed scripts, embeds, placeholders).</summary>
    private static readonly HashSet<string> Prunable = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "div", "span", "a", "b", "strong", "i", "em", "u", "small", "figure", "figcaption", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6",
    };

    /// <summary>Allowed attributes that mean something only on some elements (a <c>src</c> on a <c>td</c> is noise), by attribute.</summary>
    private static readonly Dictionary<string, string[]> AttributeHomes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["href"] = ["a"], ["src"] = ["img"], ["srcset"] = ["img"], ["sizes"] = ["img"], ["referrerpolicy"] = ["img"],
        ["cite"] = ["blockquote", "q", "del", "ins"], ["datetime"] = ["time", "del", "ins"], ["start"] = ["ol"], ["reversed"] = ["ol"],
        ["colspan"] = ["td", "th"], ["rowspan"] = ["td", "th"], ["scope"] = ["th"], ["width"] = ["img", "td", "th", "table"], ["height"] = ["img", "td", "th"],
    };

    /// <summary>Elements that show something without any text.</summary>
    private static readonly HashSet<string> Visible = new(StringComparer.OrdinalIgnoreCase) { "img", "br", "hr", "table" };

    private readonly ContentOptions _options;
    private readonly HashSet<string> _droppedNames;
    private readonly AllowListSanitizer _allowList;

    /// <summary>Creates a cleaner from <paramref name="options"/> (defaults when null).</summary>
    public HtmlCleaner(ContentOptions? options = null)
    {
        _options = options ?? ContentOptions.Default;
        _droppedNames = new HashSet<string>(_options.DroppedElements.Where(IsSimpleName), StringComparer.OrdinalIgnoreCase);
        _allowList = new AllowListSanitizer(_options);
    }

    /// <summary>Sanitises <paramref name="html"/>, resolving relative URLs against <paramref name="baseUrl"/>.</summary>
    public string Clean(string? html, Uri? baseUrl) => CleanWithText(html, baseUrl).Html;

    /// <summary>
    /// <see cref="Clean"/>, plus the plain text of the result as <see cref="Summary.PlainText(string?)"/> gives it, read
    /// from the cleaner's own tree instead of parsing the result again.
    /// </summary>
    public CleanContent CleanWithText(string? html, Uri? baseUrl) => CleanCore(html, baseUrl, alwaysReparse: false);

    /// <summary>
    /// A plain-text field (a title, a source or author name, a category, a translated title) with any markup removed,
    /// since many feed readers render RSS titles as HTML: sanitised first, so that a script's text does not survive as
    /// words; without the characters no feed can carry (<see cref="FeedRelay.Feeds.FeedText.Clean"/>), so that a field made
    /// only of them counts as missing; null when nothing is left.
    /// </summary>
    public string? CleanPlain(string? text)
    {
        text = text is null ? null : FeedRelay.Feeds.FeedText.Clean(text);
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (!text.Contains('<', StringComparison.Ordinal))
        {
            return text.Trim();
        }

        // The field's entities were decoded once already (by its seed parser, or it is a translator's text): '&' is escaped
        // so that parsing the markup away does not decode them a second time ("&amp;lt;img&amp;gt;" must not become a tag).
        var plain = CleanWithText(text.Replace("&", "&amp;", StringComparison.Ordinal), baseUrl: null).PlainText;
        return plain.Length == 0 ? null : plain;
    }

    /// <summary>The reference algorithm: always serialises and parses the tree again before the last steps. For tests.</summary>
    internal CleanContent CleanReference(string? html, Uri? baseUrl) => CleanCore(html, baseUrl, alwaysReparse: true);

    private CleanContent CleanCore(string? html, Uri? baseUrl, bool alwaysReparse)
    {
        if (string.IsNullOrWhiteSpace(html))
        {
            return CleanContent.Empty;
        }

        if (NestingGuard.IsTooDeep(html, _options.MaxNestingDepth))
        {
            return CleanContent.WithoutTree(NestingGuard.AsPlainText(html));
        }

        try
        {
            return CleanTree(html, baseUrl, alwaysReparse);
        }
        catch (Exception e) when (e is NullReferenceException or InvalidOperationException or ArgumentException or IndexOutOfRangeException)
        {
            // AngleSharp's tree builder (1.10.3 and 1.10.4) throws on some malformed input (for example "<p><select><xmp></xmp><select> ");
            // such an article is published as plain text rather than lost.
            return CleanContent.WithoutTree(NestingGuard.AsPlainText(html));
        }
    }

    private CleanContent CleanTree(string html, Uri? baseUrl, bool alwaysReparse)
    {
        var parser = Parsers.Current;
        var document = parser.ParseDocument("<!DOCTYPE html><html><head></head><body>" + html);
        var body = document.Body!;
        var budget = new EditBudget();
        EmbedRewriter.Rewrite(body, baseUrl);
        if (_droppedNames.Count > 0)
        {
            foreach (var element in Elements.Below(body, e => _droppedNames.Contains(e.LocalName)))
            {
                budget.Remove(element);
            }
        }

        RewriteImages(body, baseUrl, budget);
        RewriteLinks(body, baseUrl);
        CaptionRewriter.RewriteWordPress(body);
        _allowList.Sanitize(body, baseUrl, budget);
        Tidy(body, budget);
        if (budget.IsSpent)
        {
            // Tens of thousands of elements removed side by side: hostile, and minutes of work in AngleSharp's DOM.
            return CleanContent.WithoutTree(NestingGuard.AsPlainText(html));
        }

        // Some trees built by removing elements serialise to markup that parses differently (nested headings,
        // misnested formatting); publish the form a reader's parser will build, so repeated cleaning is stable.
        // Most trees are already that form: then the parse is skipped, with adjacent text merged as a parse would.
        IElement tree;
        if (!alwaysReparse && ParseStability.IsStable(body))
        {
            body.Normalize();
            tree = body;
        }
        else
        {
            tree = parser.ParseDocument("<!DOCTYPE html><html><head></head><body>" + HtmlWriter.InnerHtml(body, html.Length)).Body!;
            Tidy(tree, budget);
        }

        CaptionRewriter.RewritePairs(tree);

        // Last, so that what counts as "leading" is what a reader sees first; repeated in case tidying exposes another.
        while (MetadataLine.Remove(tree))
        {
            Tidy(tree, budget);
        }

        if (budget.IsSpent)
        {
            return CleanContent.WithoutTree(NestingGuard.AsPlainText(html));
        }

        var clean = HtmlWriter.InnerHtml(tree, html.Length).Trim();

        // The plain text of the result is read from this tree when parsing the result would give the same tree.
        var text = !alwaysReparse && ParseStability.IsStable(tree) ? Summary.PlainText(tree, clean.Length) : Summary.PlainText(clean);
        return new CleanContent(clean, text, FirstImageSource(tree));
    }

    /// <summary>
    /// The article's lead image: <paramref name="declared"/> (front matter) unless it is a placeholder, else the first
    /// image of <paramref name="clean"/>. Proxies are unwrapped and the configured re-proxy applied.
    /// </summary>
    public Uri? LeadImage(string? declared, CleanContent clean, Uri? baseUrl)
    {
        if (ImageUrl(declared, baseUrl) is { } fromSeed)
        {
            return fromSeed;
        }

        // Content images are already unwrapped and re-proxied by Clean.
        return ContentUrls.Resolve(clean.FirstImage, baseUrl) is { } first && ContentUrls.HasScheme(first, WebSchemes) ? first : null;
    }

    /// <summary>The <c>src</c> of the first image below <paramref name="root"/> that has one, in document order.</summary>
    private static string? FirstImageSource(IElement root)
    {
        // Each child list by index (AngleSharp finds a next sibling by searching its parent's list), with a stack of the lists above.
        var above = new Stack<(IElement Parent, int Next)>();
        var (parent, index) = (root, 0);
        while (true)
        {
            var children = parent.ChildNodes;
            if (index >= children.Length)
            {
                if (!above.TryPop(out var resume))
                {
                    return null;
                }

                (parent, index) = resume;
            }
            else if (children[index++] is IElement element)
            {
                if (element.LocalName == "img" && element.GetAttribute("src") is { } src)
                {
                    return src;
                }

                above.Push((parent, index));
                (parent, index) = (element, 0);
            }
        }
    }

    /// <summary>The first image URL in <paramref name="html"/>, if any.</summary>
    public static string? FirstImage(string? html)
    {
        if (string.IsNullOrEmpty(html))
        {
            return null;
        }

        try
        {
            return Parsers.Current.ParseDocument("<body>" + html).QuerySelector("img[src]")?.GetAttribute("src");
        }
        catch (Exception e) when (e is NullReferenceException or InvalidOperationException or ArgumentException or IndexOutOfRangeException)
        {
            return null; // see Clean: the parser can throw on malformed input
        }
    }

    /// <summary><paramref name="raw"/> as the image URL to publish: absolute, unwrapped, not a placeholder, re-proxied if configured.</summary>
    internal Uri? ImageUrl(string? raw, Uri? baseUrl)
    {
        var url = ContentUrls.Resolve(raw, baseUrl);
        if (url is null || !ContentUrls.HasScheme(url, WebSchemes))
        {
            return null;
        }

        url = ContentUrls.Unwrap(url, _options.ImageProxies);
        return ContentUrls.IsPlaceholder(url, _options.PlaceholderImageHosts) ? null : ContentUrls.Reproxy(url, _options.ImageProxyTemplate);
    }

    private void RewriteImages(IElement root, Uri? baseUrl, EditBudget budget)
    {
        foreach (var image in Elements.Below(root, static e => Elements.Is(e, "img")))
        {
            PromoteLazySource(image);
            var src = image.GetAttribute("src")?.Trim() ?? "";
            if (src.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
            {
                if (!_allowList.IsAllowedDataImage(image, src))
                {
                    budget.Remove(image);
                }

                continue;
            }

            var url = ImageUrl(src, baseUrl);
            if (url is null)
            {
                budget.Remove(image);
                continue;
            }

            image.SetAttribute("src", url.AbsoluteUri);
            if (image.GetAttribute("srcset") is { } srcset)
            {
                var candidates = RewriteSrcset(srcset, baseUrl);
                if (candidates.Length > 0)
                {
                    image.SetAttribute("srcset", candidates);
                }
                else
                {
                    image.RemoveAttribute("srcset");
                    image.RemoveAttribute("sizes");
                }
            }

            if (_options.ImageReferrerPolicy.Length > 0)
            {
                image.SetAttribute("referrerpolicy", _options.ImageReferrerPolicy);
            }
            else
            {
                image.RemoveAttribute("referrerpolicy");
            }
        }
    }

    /// <summary>Lazy-loading pages keep the real image in <c>data-src</c> and a blank in <c>src</c>; readers run no script to swap them.</summary>
    private void PromoteLazySource(IElement image)
    {
        var lazy = image.GetAttribute("data-src") ?? image.GetAttribute("data-original") ?? image.GetAttribute("data-lazy-src");
        var src = image.GetAttribute("src");
        if (!string.IsNullOrWhiteSpace(lazy) && (string.IsNullOrWhiteSpace(src) || src.TrimStart().StartsWith("data:", StringComparison.OrdinalIgnoreCase)))
        {
            image.SetAttribute("src", lazy);
        }

        if (image.GetAttribute("srcset") is null && image.GetAttribute("data-srcset") is { } lazySet)
        {
            image.SetAttribute("srcset", lazySet);
        }

        // A <picture> whose <img> has no src of its own: take the first source candidate.
        if (string.IsNullOrWhiteSpace(image.GetAttribute("src")) && image.ParentElement is { LocalName: "picture" } picture
            && picture.QuerySelector("source[srcset]")?.GetAttribute("srcset") is { } sourceSet)
        {
            image.SetAttribute("src", sourceSet.Split(',')[0].Trim().Split(' ')[0]);
        }
    }

    /// <summary>Each srcset candidate made absolute and unwrapped like <c>src</c>; placeholders and bad URLs dropped.</summary>
    private string RewriteSrcset(string srcset, Uri? baseUrl)
    {
        var kept = new List<string>();
        foreach (var candidate in srcset.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = candidate.Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 0 || ImageUrl(parts[0], baseUrl) is not { } url)
            {
                continue;
            }

            var descriptor = parts.Length > 1 && IsDescriptor(parts[1]) ? " " + parts[1] : "";
            kept.Add(url.AbsoluteUri + descriptor);
        }

        return string.Join(", ", kept);
    }

    private void RewriteLinks(IElement root, Uri? baseUrl)
    {
        foreach (var element in Elements.Below(root, static e => e.HasAttribute("href") || e.HasAttribute("cite")))
        {
            foreach (var name in (string[])["href", "cite"])
            {
                if (element.GetAttribute(name) is not { } raw)
                {
                    continue;
                }

                var url = raw.TrimStart().StartsWith('#') ? null : ContentUrls.Resolve(raw, baseUrl);
                if (url is not null && ContentUrls.HasScheme(url, _options.AllowedSchemes) && !IsScriptScheme(url))
                {
                    element.SetAttribute(name, url.AbsoluteUri);
                }
                else
                {
                    // In-page anchors and unresolvable links lead nowhere outside the original page.
                    element.RemoveAttribute(name);
                }
            }
        }
    }

    /// <summary>After sanitising: attributes only where they mean something, values checked, empty wrappers pruned. One walk.</summary>
    private void Tidy(IElement root, EditBudget budget)
    {
        var elements = new List<IElement>();
        CollectDescendants(root, elements);
        foreach (var element in elements)
        {
            TidyAttributes(element);
        }

        // Children come before their parents in reverse document order, so one pass decides every element
        // (asking each element for its TextContent instead would be quadratic in the nesting depth).
        var contentful = new HashSet<IElement>();
        for (var i = elements.Count - 1; i >= 0; i--)
        {
            var element = elements[i];
            if (Visible.Contains(element.LocalName) || HasContent(element, contentful))
            {
                contentful.Add(element);
            }
            else if (Prunable.Contains(element.LocalName))
            {
                budget.Remove(element);
            }
        }
    }

    /// <summary>Whether a child of <paramref name="element"/> is visible text or an element already found contentful.</summary>
    private static bool HasContent(IElement element, HashSet<IElement> contentful)
    {
        var children = element.ChildNodes;
        for (var i = 0; i < children.Length; i++)
        {
            if (children[i] is IText text ? !string.IsNullOrWhiteSpace(text.Data) : children[i] is IElement e && contentful.Contains(e))
            {
                return true;
            }
        }

        return false;
    }

    private void TidyAttributes(IElement element)
    {
        var attributes = element.Attributes;
        if (attributes.Length == 0)
        {
            return;
        }

        // Removing shifts the list, so the names are read first; elements here have few attributes.
        var name = element.LocalName;
        var names = new string[attributes.Length];
        for (var i = 0; i < names.Length; i++)
        {
            names[i] = attributes[i]!.Name;
        }

        foreach (var attribute in names)
        {
            if (AttributeHomes.TryGetValue(attribute, out var homes) && !homes.Contains(name))
            {
                element.RemoveAttribute(attribute);
            }
            else if (attribute is "width" or "height" && element.GetAttribute(attribute) is { } value && !(value.Length is > 0 and < 6 && value.All(char.IsAsciiDigit)))
            {
                // "100%" and "auto" are not valid HTML dimensions and make readers stretch images.
                element.RemoveAttribute(attribute);
            }
            else if (attribute == "referrerpolicy" && (name != "img" || _options.ImageReferrerPolicy.Length == 0))
            {
                element.RemoveAttribute(attribute);
            }
        }
    }

    /// <summary>Every element below <paramref name="parent"/>, in document order.</summary>
    private static void CollectDescendants(INode parent, List<IElement> into)
    {
        var children = parent.ChildNodes;
        for (var i = 0; i < children.Length; i++)
        {
            if (children[i] is IElement element)
            {
                into.Add(element);
                CollectDescendants(element, into);
            }
        }
    }

    private static bool IsScriptScheme(Uri url) => url.Scheme is "javascript" or "vbscript" or "data";

    private static bool IsDescriptor(string text) =>
        text.Length is > 1 and < 12 && text[^1] is 'w' or 'x' && double.TryParse(text[..^1], System.Globalization.CultureInfo.InvariantCulture, out _);

    private static bool IsSimpleName(string name) => name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');
}
