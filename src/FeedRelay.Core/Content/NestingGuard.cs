using System.Net;
using System.Text.RegularExpressions;

namespace FeedRelay.Content;

/// <summary>
/// Parser-free fallbacks. A linear pre-check of tag nesting: HTML tree building is quadratic in nesting depth (each start tag scans the stack
/// of open elements), so a hostile seed of 100,000 nested tags would stall ingestion for minutes; real articles nest
/// a few dozen levels. Too-deep HTML is published as its plain text instead.
/// </summary>
internal static partial class NestingGuard
{
    /// <summary>Elements that never nest (void) or close themselves when a sibling starts, so they add no depth.</summary>
    private static readonly HashSet<string> Flat = new(StringComparer.OrdinalIgnoreCase)
    {
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr",
        "p", "li", "dt", "dd", "option", "tr", "td", "th", "thead", "tbody", "tfoot", "rb", "rt", "rp",
    };

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> FlatNames = Flat.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Whether <paramref name="html"/> opens more than <paramref name="maxDepth"/> unclosed elements at some point.</summary>
    /// <remarks>
    /// A hand-written scan for exactly the tags <see cref="Tag"/> matches (same start, name and self-closing slash), without
    /// allocating a match per tag: it runs over every seed before anything else.
    /// </remarks>
    public static bool IsTooDeep(string html, int maxDepth)
    {
        var depth = 0;
        var at = html.IndexOf('<', StringComparison.Ordinal);
        while (at >= 0)
        {
            var next = at + 1;
            var nameStart = next < html.Length && html[next] == '/' ? next + 1 : next;
            var close = nameStart > next;
            if (nameStart < html.Length && char.IsAsciiLetter(html[nameStart]))
            {
                var nameEnd = nameStart + 1;
                while (nameEnd < html.Length && (char.IsAsciiLetterOrDigit(html[nameEnd]) || html[nameEnd] == '-'))
                {
                    nameEnd++;
                }

                var end = html.IndexOf('>', nameEnd);
                if (end < 0)
                {
                    return false; // no tag can end any more
                }

                var selfClosing = end > nameEnd && html[end - 1] == '/';
                if (!selfClosing && !FlatNames.Contains(html.AsSpan(nameStart, nameEnd - nameStart)))
                {
                    depth = close ? Math.Max(0, depth - 1) : depth + 1;
                    if (depth > maxDepth)
                    {
                        return true;
                    }
                }

                next = end + 1;
            }

            at = next < html.Length ? html.IndexOf('<', next) : -1;
        }

        return false;
    }

    /// <summary><see cref="IsTooDeep"/> as a pattern over the tags; the reference for tests.</summary>
    internal static bool IsTooDeepByPattern(string html, int maxDepth)
    {
        var depth = 0;
        foreach (Match tag in Tag().Matches(html))
        {
            if (Flat.Contains(tag.Groups["name"].Value) || tag.Groups["self"].Success)
            {
                continue;
            }

            depth = tag.Groups["close"].Success ? Math.Max(0, depth - 1) : depth + 1;
            if (depth > maxDepth)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary><paramref name="html"/> as one paragraph of escaped plain text.</summary>
    public static string AsPlainText(string html)
    {
        var text = PlainText(html);
        // Escaped the way an HTML serialiser escapes text (only &, <, >), so cleaning the result again changes nothing.
        var escaped = text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
        return text.Length == 0 ? "" : "<p>" + escaped + "</p>";
    }

    /// <summary>The text of <paramref name="html"/> without a parser: tags and code blocks removed, entities decoded, white space collapsed.</summary>
    public static string PlainText(string html) =>
        Whitespace().Replace(WebUtility.HtmlDecode(Tag().Replace(CodeBlock().Replace(html, " "), " ")), " ").Trim();

    [GeneratedRegex(@"<(?<close>/)?(?<name>[a-zA-Z][a-zA-Z0-9-]*)[^>]*?(?<self>/)?>", RegexOptions.CultureInvariant)]
    private static partial Regex Tag();

    [GeneratedRegex(@"<(script|style|template)\b[^>]*>.*?</\1\s*>", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex CodeBlock();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
