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

    private readonly HashSet<string> _tags;
    private readonly HashSet<string> _attributes;
    private readonly HashSet<string> _schemes;
    private readonly IReadOnlyList<string> _dataImageTypes;

    /// <summary>
    /// A sanitiser keeping <paramref name="options"/>' allowed elements but the dropped ones, its allowed attributes but
    /// event handlers and styles, and URLs of its schemes (<c>javascript</c> and <c>vbscript</c> never; <c>data</c> only for
    /// images of its allowed types).
    /// </summary>
    public AllowListSanitizer(ContentOptions options)
    {
        _tags = new HashSet<string>(options.AllowedElements.Except(options.DroppedElements, StringComparer.OrdinalIgnoreCase), StringComparer.OrdinalIgnoreCase);
        _attributes = new HashSet<string>(
            options.AllowedAttributes.Where(a => !a.StartsWith("on", StringComparison.OrdinalIgnoreCase) && !a.Equals("style", StringComparison.OrdinalIgnoreCase)),
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
    /// scheme is allowed. Walks by sibling links, without recursion, so that depth costs no stack.
    /// </summary>
    public void Sanitize(IElement root, Uri? baseUrl)
    {
        var node = root.FirstChild;
        while (node is not null && node != root)
        {
            if (node is IElement element)
            {
                if (!IsAllowed(element))
                {
                    // Its children take its place and are walked next, as if they had always been there.
                    var next = element.FirstChild ?? Elements.Following(element, root);
                    Unwrap(element);
                    node = next;
                    continue;
                }

                SanitizeAttributes(element, baseUrl);
                node = element.FirstChild ?? Elements.Following(element, root);
            }
            else if (node is IComment)
            {
                var next = Elements.Following(node, root);
                node.Parent!.RemoveChild(node);
                node = next;
            }
            else
            {
                node = Elements.Following(node, root);
            }
        }
    }

    /// <summary>
    /// Allowed elements are those named (in any namespace, as HtmlSanitizer has it: the cleaner drops SVG and MathML whole
    /// before), but never one of raw text (<c>xmp</c>, <c>iframe</c>, <c>noembed</c>…), whose text a serialiser writes unescaped.
    /// </summary>
    private bool IsAllowed(IElement element) => _tags.Contains(element.LocalName) && (element.Flags & NodeFlags.LiteralText) == 0;

    private static void Unwrap(IElement element)
    {
        var parent = element.Parent!;
        while (element.FirstChild is { } child)
        {
            parent.InsertBefore(child, element);
        }

        parent.RemoveChild(element);
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
