namespace FeedRelay.Content;

/// <summary>Content-cleaning rules as data, with safe defaults. Bound from <c>FeedRelay:Content</c>.</summary>
/// <remarks>Why each element and attribute is kept or dropped is written down in <c>docs/content.md</c>.</remarks>
public sealed record ContentOptions
{
    /// <summary>The default rules.</summary>
    public static ContentOptions Default { get; } = new();

    /// <summary>Elements kept; any other element is removed but its children are kept.</summary>
    public IReadOnlyList<string> AllowedElements { get; init; } =
    [
        "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "div", "dl", "dt", "em",
        "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "li", "mark", "ol", "p",
        "pre", "q", "s", "small", "span", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead",
        "time", "tr", "u", "ul",
    ];

    /// <summary>
    /// Elements removed together with everything inside them (code, styling, forms, plug-ins, chrome). <c>noscript</c> is
    /// not among them: its content is the script-free fallback (BBC's embed screenshots), which is what feed readers need.
    /// </summary>
    public IReadOnlyList<string> DroppedElements { get; init; } =
    [
        "script", "style", "template", "svg", "math", "object", "embed", "applet", "param", "form",
        "input", "button", "select", "textarea", "option", "label", "fieldset", "frame", "frameset", "noframes",
        "link", "meta", "base", "head", "title", "canvas", "map", "area", "dialog", "portal",
    ];

    /// <summary>Attributes kept on allowed elements; everything else (class, id, style, on*, data-*) goes.</summary>
    public IReadOnlyList<string> AllowedAttributes { get; init; } =
    [
        "href", "src", "srcset", "sizes", "alt", "title", "width", "height", "colspan", "rowspan", "scope",
        "datetime", "cite", "start", "reversed", "lang", "dir", "referrerpolicy",
    ];

    /// <summary>URL schemes allowed in links and images (<c>data:</c> never; see <see cref="AllowedDataImageTypes"/>).</summary>
    public IReadOnlyList<string> AllowedSchemes { get; init; } = ["http", "https", "mailto"];

    /// <summary>Media types of inline <c>data:</c> images kept in <c>img src</c> (none by default: they bloat feeds).</summary>
    public IReadOnlyList<string> AllowedDataImageTypes { get; init; } = [];

    /// <summary>Referrer policy put on every image; <c>no-referrer</c> lets hotlink-protected CDNs serve readers. Empty: none.</summary>
    public string ImageReferrerPolicy { get; init; } = "no-referrer";

    /// <summary>Image proxies whose wrapped original URL is taken out again, tried in order.</summary>
    public IReadOnlyList<ImageProxyRule> ImageProxies { get; init; } =
    [
        new()
        {
            Host = "images.weserv.nl", Form = ImageProxyForm.QueryParameter, Parameter = "url",
            OtherParameters = ["w", "h", "dpr", "fit", "a", "cx", "cy", "cw", "ch", "precrop", "trim", "mask", "mtrim", "mbg", "flip", "flop", "ro", "bg",
                "blur", "sharp", "filt", "con", "gam", "mod", "sat", "hue", "tint", "il", "af", "n", "page", "q", "l", "lossless", "maxage", "output",
                "encoding", "default", "errorredirect", "filename", "we"],
        },
        new() { Host = "cors.zfour.workers.dev", Form = ImageProxyForm.WholeQuery },
        new() { Host = "thumbor.ftacademy.cn", Form = ImageProxyForm.PathAfterPrefix, PathPrefix = "/unsafe/" },
    ];

    /// <summary>When set, every image is re-proxied through this template; <c>{url}</c> is the escaped original URL.</summary>
    /// <example><c>https://images.weserv.nl/?url={url}</c></example>
    public string? ImageProxyTemplate { get; init; }

    /// <summary>Hosts whose images are placeholders (random stock photos) and are dropped, subdomains included.</summary>
    public IReadOnlyList<string> PlaceholderImageHosts { get; init; } = ["picsum.photos", "fastly.picsum.photos", "placehold.co", "via.placeholder.com"];

    /// <summary>Deepest tag nesting cleaned as HTML; deeper (hostile) input is published as plain text. Real articles nest a few dozen levels.</summary>
    public int MaxNestingDepth { get; init; } = 512;

    /// <summary>Length of summaries in characters, for Latin text (CJK text uses half).</summary>
    public int SummaryLength { get; init; } = 280;

    /// <summary>ISO 639-1 codes that non-CJK text is detected among (CJK text is decided by script).</summary>
    public IReadOnlyList<string> DetectedLanguages { get; init; } = ["en", "fr", "de", "es", "pt", "it", "nl", "ru", "uk", "vi", "id", "tr", "ar", "fa"];

    /// <summary>Languages by source slug or source name (BCP 47), used instead of detection.</summary>
    public IReadOnlyDictionary<string, string> SourceLanguages { get; init; } = new Dictionary<string, string>();

    /// <summary>What is wrong with these settings, one message per problem; empty when they are usable.</summary>
    public IEnumerable<string> Problems()
    {
        if (SummaryLength is < 20 or > 5000)
        {
            yield return $"SummaryLength must be between 20 and 5000, not {SummaryLength}.";
        }

        if (MaxNestingDepth is < 16 or > 10_000)
        {
            yield return $"MaxNestingDepth must be between 16 and 10000, not {MaxNestingDepth}.";
        }

        if (ImageProxyTemplate is { } template
            && (!template.Contains("{url}", StringComparison.Ordinal) || !Uri.TryCreate(template.Replace("{url}", "x", StringComparison.Ordinal), UriKind.Absolute, out var proxy)
                || proxy.Scheme != Uri.UriSchemeHttps))
        {
            yield return $"ImageProxyTemplate must be an absolute https URL containing {{url}}, not '{template}'.";
        }

        foreach (var type in AllowedDataImageTypes.Where(t => !t.StartsWith("image/", StringComparison.OrdinalIgnoreCase) || t.Contains("svg", StringComparison.OrdinalIgnoreCase)))
        {
            yield return $"AllowedDataImageTypes may hold raster image types only, not '{type}' (SVG can carry script).";
        }

        foreach (var rule in ImageProxies.Where(r => string.IsNullOrWhiteSpace(r.Host)))
        {
            yield return $"Every ImageProxies rule needs a Host ({rule.Form}).";
        }

        if (ImageReferrerPolicy.Length > 0 && !ReferrerPolicies.Contains(ImageReferrerPolicy))
        {
            yield return $"ImageReferrerPolicy must be empty or one of {string.Join(", ", ReferrerPolicies)}, not '{ImageReferrerPolicy}'.";
        }

        foreach (var (source, tag) in SourceLanguages.Where(p => !IsLanguageTag(p.Value)))
        {
            yield return $"SourceLanguages:{source} must be a BCP 47 tag such as zh-Hans, not '{tag}'.";
        }
    }

    private static readonly string[] ReferrerPolicies =
        ["no-referrer", "no-referrer-when-downgrade", "origin", "origin-when-cross-origin", "same-origin", "strict-origin", "strict-origin-when-cross-origin", "unsafe-url"];

    /// <summary>The shape of a BCP 47 tag (language, then subtags of 1–8 letters or digits); registry membership is not checked.</summary>
    private static bool IsLanguageTag(string? tag)
    {
        var parts = (tag ?? "").Split('-');
        return parts[0].Length is >= 2 and <= 3 && parts[0].All(char.IsAsciiLetter)
               && parts.Skip(1).All(p => p.Length is >= 1 and <= 8 && p.All(char.IsAsciiLetterOrDigit));
    }
}
