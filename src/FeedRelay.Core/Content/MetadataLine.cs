using System.Text.RegularExpressions;
using AngleSharp.Dom;

namespace FeedRelay.Content;

/// <summary>
/// Defensive twin of the seed parser's rule: the date/author line that duty-machine archives put first in the HTML
/// (<c>&lt;div&gt;&lt;i&gt;date&lt;/i&gt;&lt;/div&gt;</c>, RFI's <c>&lt;div&gt;dd/mm/yyyy - hh:mm&lt;/div&gt;Array</c>) is
/// metadata, not story; it is removed here too when a wrapper (Jekyll/waimei <c>&lt;div&gt;</c>) hid it from the parser.
/// </summary>
internal static partial class MetadataLine
{
    /// <summary>Longest text a metadata line has (author plus timestamp).</summary>
    private const int MaxLength = 120;

    /// <summary>Removes a leading metadata line from <paramref name="root"/>, looking through leading wrapper <c>div</c>s; true when it did.</summary>
    public static bool Remove(IElement root)
    {
        var container = root;
        for (var depth = 0; depth < 4; depth++)
        {
            if (FirstMeaningfulChild(container) is not IElement { LocalName: "div" } first)
            {
                return false;
            }

            if (IsMetadata(first))
            {
                if (first.NextSibling is IText { } after && after.Data.TrimStart().StartsWith("Array", StringComparison.Ordinal))
                {
                    after.Data = after.Data.TrimStart()["Array".Length..];
                }

                first.Remove();
                return true;
            }

            container = first;
        }

        return false;
    }

    private static bool IsMetadata(IElement div)
    {
        var text = div.TextContent.Trim();
        if (text.Length > MaxLength || div.QuerySelector("img, a, p, div, table, figure") is not null)
        {
            return false;
        }

        var italic = div.Children.Length > 0 && div.Children.All(c => c.LocalName is "i" or "br")
                     && div.ChildNodes.All(n => n is not IText t || string.IsNullOrWhiteSpace(t.Data));
        return italic ? DateLike().IsMatch(text) : BareDate().IsMatch(text);
    }

    private static INode? FirstMeaningfulChild(IElement element) =>
        element.ChildNodes.FirstOrDefault(n => n is IElement || n is IText t && !string.IsNullOrWhiteSpace(t.Data));

    [GeneratedRegex(@"\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{4}|\d{1,2}:\d{2}|\d{4}\s*年|\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{1,2} ")]
    private static partial Regex DateLike();

    [GeneratedRegex(@"^\d{1,2}/\d{1,2}/\d{4}( - \d{1,2}:\d{2})?$")]
    private static partial Regex BareDate();
}
