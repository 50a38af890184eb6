using AngleSharp.Html.Parser;

namespace FeedRelay.Content;

/// <summary>One AngleSharp parser per thread: making a parser builds a browsing context and a configuration, which cost as much as parsing a short article.</summary>
internal static class Parsers
{
    [ThreadStatic]
    private static HtmlParser? _current;

    /// <summary>This thread's parser.</summary>
    public static HtmlParser Current => _current ??= new HtmlParser();
}
