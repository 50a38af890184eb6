namespace FeedRelay.Content;

/// <summary>Content-cleaning rules as data, with safe defaults.</summary>
public sealed record ContentOptions
{
    /// <summary>The default rules.</summary>
    public static ContentOptions Default { get; } = new();

    /// <summary>Elements kept; everything else is removed (its text kept where harmless).</summary>
    public IReadOnlyList<string> AllowedElements { get; init; } =
    [
        "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "div", "dl", "dt", "em",
        "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "li", "mark", "ol", "p",
        "pre", "q", "s", "small", "span", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead",
        "time", "tr", "u", "ul",
    ];

    /// <summary>Attributes kept on allowed elements.</summary>
    public IReadOnlyList<string> AllowedAttributes { get; init; } =
        ["href", "src", "alt", "title", "width", "height", "colspan", "rowspan", "datetime", "cite", "referrerpolicy", "srcset"];

    /// <summary>URL schemes allowed in links and images.</summary>
    public IReadOnlyList<string> AllowedSchemes { get; init; } = ["http", "https", "mailto"];

    /// <summary>Length of summaries in characters, for Latin text (CJK text uses half).</summary>
    public int SummaryLength { get; init; } = 280;
}
