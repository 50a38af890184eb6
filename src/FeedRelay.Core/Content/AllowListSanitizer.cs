using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html;

namespace FeedRelay.Content;

/// <summary>
/// The cleaner's allow-list sanitiser: HtmlSanitizer's <c>SanitizeDom</c> rules for the cleaner's own settings (no styles,
/// no classes, no data attributes, children of removed elements kept), done in one walk of AngleSharp's tree instead of
/// HtmlSanitizer's four walks, selector queries and CSS set-up (docs/performance.md, "Our own allow-list walk"). The HTML5
/// parsing rules stay AngleSharp's: only the walk over the tree it built is ours. <c>SanitizerEquivalenceTests</c> hold it
/// to HtmlSanitizer's output on the fixture corpus, the XSS vectors and generated markup. Immutable; safe to share across threads.
/// </summary>
internal sealed partial class AllowListSanitizer
{
    private static readonly HashSet<string> UriAttributes = new(["href", "src", "cite", "poster", "action", "formaction", "background", "longdesc", "usemap"], StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Elements never kept, whatever is configured (unwrapped: SVG's and MathML's text stays, a template's content goes):
    /// SVG and MathML (foreign content, whose re-parse can turn a harmless attribute into a script URL) and <c>template</c>
    /// (its content is a separate fragment, which would be written out unsanitised).
    /// </summary>
    private static readonly string[] NeverAllowed = ["svg", "math", "template"];

    private readonly HashSet<string> _tags;
    private readonly HashSet<string> _attributes;
    private readonly HashSet<string> _schemes;
    private readonly IReadOnlyList<string> _dataImageTypes;

    /// <summary>
    /// A sanitiser keeping <paramref name="options"/>' allowed elements but the dropped ones (and never SVG, MathML or
    /// <c>template</c>), its allowed attributes but event handlers, styles, <c>srcdoc</c> and namespaced names, and URLs of
    /// its schemes (<c>javascript</c> and <c>vbscript</c> never; <c>data</c> only for images of its allowed types). These
    /// floors hold whatever the configuration says (<c>ContentOptionsTests</c>).
    /// </summary>
    public AllowListSanitizer(ContentOptions options)
    {
        _tags = new HashSet<string>(options.AllowedElements.Except(options.DroppedElements, StringComparer.OrdinalIgnoreCase), StringComparer.OrdinalIgnoreCase);
        _tags.ExceptWith(NeverAllowed);
        _attributes = new HashSet<string>(
            options.AllowedAttributes.Where(a => !a.StartsWith("on", StringComparison.OrdinalIgnoreCase) && !a.Equals("style", StringComparison.OrdinalIgnoreCase)
                && !a.Equals("srcdoc", StringComparison.OrdinalIgnoreCase) && !a.Contains(':', StringComparison.Ordinal)),
            StringComparer.OrdinalIgnoreCase);
        _schemes = new HashSet<string>(options.AllowedSchemes, StringComparer.OrdinalIgnoreCase);
        _schemes.ExceptWith(["javascript", "vbscript", "data"]);
        if (options.AllowedDataImageTypes.Count > 0)
        {
            _schemes.Add("data");
        }

        _dataImageTypes = options.AllowedDataImageTypes;
    }

    /// <summary>
    /// Sanitises everything below <paramref name="root"/> in place: comments removed; elements not allowed replaced by their
    /// children; attributes not allowed removed; URLs resolved against <paramref name="baseUrl"/> and dropped unless their
    /// scheme is allowed. Walks each child list by index with a stack of the lists above, so that neither depth (no
    /// recursion) nor a long list of siblings (AngleSharp finds a node's next sibling by searching its parent's list) costs
    /// more than once per node. Stops, with the tree half done, when its edits spend <paramref name="budget"/>.
    /// </summary>
    public void Sanitize(IElement root, Uri? baseUrl, EditBudget budget)
    {
        var above = new Stack<(INode Parent, int Next)>();
        INode parent = root;
        var index = 0;
        while (true)
        {
            var children = parent.ChildNodes;
            if (index >= children.Length)
            {
                if (!above.TryPop(out var resume))
                {
                    return;
                }

                (parent, index) = resume;
                continue;
            }

            switch (children[index])
            {
                case IElement element when !IsAllowed(element):
                    // Its children take its place (or it goes, when it has none) and are walked next, as if they had always been there.
                    if (!budget.Charge(children.Length + (long)element.ChildNodes.Length * (children.Length - index)))
                    {
                        return;
                    }

                    Unwrap(element);
                    break;
                case IElement element:
                    SanitizeAttributes(element, baseUrl);
                    above.Push((parent, index + 1));
                    (parent, index) = (element, 0);
                    break;
                case IComment comment:
                    if (!budget.Charge(children.Length))
                    {
                        return;
                    }

                    parent.RemoveChild(comment);
                    break;
                default:
                    index++;
                    break;
            }
        }
    }

    /// <summary>
    /// Allowed elements are those named, in the HTML namespace (by default the cleaner drops SVG and MathML whole before;
    /// configured otherwise, they and what is inside them are unwrapped here), and never one of raw text (<c>xmp</c>, <c>iframe</c>, <c>noembed</c>…), whose text a serialiser writes unescaped.
    /// </summary>
    private bool IsAllowed(IElement element) =>
        _tags.Contains(element.LocalName) && element.NamespaceUri == NamespaceNames.HtmlUri && (element.Flags & NodeFlags.LiteralText) == 0;

    /// <summary>Replaces <paramref name="element"/> by its children, moved in one step.</summary>
    private static void Unwrap(IElement element)
    {
        if (element.HasChildNodes)
        {
            element.Replace([.. element.ChildNodes]);
        }
        else
        {
            element.Remove();
        }
    }

    private void SanitizeAttributes(IElement element, Uri? baseUrl)
    {
        var attributes = element.Attributes;
        for (var i = attributes.Length - 1; i >= 0; i--)
        {
            var attribute = attributes[i]!;
            var name = attribute.Name;
            var value = !_attributes.Contains(name) ? null
                : UriAttributes.Contains(name) ? SafeUrl(element, attribute.Value, baseUrl)
                : name.Equals("srcset", StringComparison.OrdinalIgnoreCase) ? SafeSourceSet(element, attribute.Value, baseUrl)
                : attribute.Value;

            // "&{" is Netscape's JavaScript entity, refused in any attribute.
            if (value is null || value.Contains("&{", StringComparison.Ordinal))
            {
                element.RemoveAttribute(name);
            }
            else if (!ReferenceEquals(value, attribute.Value))
            {
                attribute.Value = value;
            }
        }
    }

    /// <summary>Each candidate of a <c>srcset</c> screened as a URL of its own; null when none is left.</summary>
    private string? SafeSourceSet(IElement element, string value, Uri? baseUrl)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        List<string>? kept = null;
        foreach (var candidate in SourceSet.Parse(value))
        {
            if (string.IsNullOrEmpty(candidate.Url) || SafeUrl(element, candidate.Url, baseUrl) is not { } url)
            {
                continue;
            }

            (kept ??= []).Add(string.IsNullOrEmpty(candidate.Descriptor) ? url : url + " " + candidate.Descriptor);
        }

        return kept is null ? null : string.Join(", ", kept);
    }

    /// <summary>
    /// <paramref name="url"/> if its scheme is allowed (a scheme is whatever precedes the first colon, or an entity for one,
    /// before any slash or hash: what a browser could read as one), resolved against <paramref name="baseUrl"/> when
    /// relative; null when it is not safe.
    /// </summary>
    private string? SafeUrl(IElement element, string url, Uri? baseUrl)
    {
        url = url.TrimStart();
        var scheme = Scheme().Match(url);
        if (scheme.Success)
        {
            if (!_schemes.Contains(scheme.Groups[1].Value))
            {
                return null;
            }
        }
        else if (baseUrl is not null)
        {
            try
            {
                var resolved = new Uri(baseUrl, url);
                if (!_schemes.Contains(resolved.Scheme))
                {
                    return null;
                }

                url = resolved.AbsoluteUri;
            }
            catch (UriFormatException)
            {
                return null;
            }
        }

        return url.StartsWith("data:", StringComparison.OrdinalIgnoreCase) && !IsAllowedDataImage(element, url) ? null : url;
    }

    /// <summary>Whether <paramref name="url"/>, a <c>data:</c> URL, is an image of an allowed raster type on an <c>img</c>.</summary>
    public bool IsAllowedDataImage(IElement? element, string url)
    {
        if (element?.LocalName != "img" || _dataImageTypes.Count == 0)
        {
            return false;
        }

        var header = url.AsSpan(5);
        var end = header.IndexOfAny(';', ',');
        var type = end < 0 ? header : header[..end];
        foreach (var allowed in _dataImageTypes)
        {
            if (type.Equals(allowed, StringComparison.OrdinalIgnoreCase) && allowed.StartsWith("image/", StringComparison.OrdinalIgnoreCase)
                && !allowed.Contains("svg", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    [GeneratedRegex(@"^([^\/#]*?)(?:\:|&#0*58|&#x0*3a)", RegexOptions.IgnoreCase)]
    private static partial Regex Scheme();
}
