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
        "p", "li", "dt", "dd", "option", "tr", "td", "th", "thead", "tbody", "tfoot",
    };

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> FlatNames = Flat.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Whether <paramref name="html"/> opens more than <paramref name="maxDepth"/> unclosed elements at some point.</summary>
    /// <remarks>
    /// A hand-written scan for exactly the tags <see cref="Tag"/> matches, without allocating a match per tag: it runs over
    /// every seed before anything else. Depth is counted as the tree builder would build it (<see cref="OpenElements"/>).
    /// </remarks>
    public static bool IsTooDeep(string html, int maxDepth)
    {
        var open = new OpenElements(html, maxDepth);
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

                if (open.Tag(nameStart, nameEnd - nameStart, close, selfClosing: end > nameEnd && html[end - 1] == '/'))
                {
                    return true;
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
        var open = new OpenElements(html, maxDepth);
        foreach (Match tag in Tag().Matches(html))
        {
            var name = tag.Groups["name"];
            if (open.Tag(name.Index, name.Length, tag.Groups["close"].Success, tag.Groups["attributes"].Value.EndsWith('/')))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The elements a tag scan has left open, as the HTML tree builder keeps them: a start tag opens one (a self-closing
    /// slash does not close an HTML element, only one inside <c>svg</c> or <c>math</c>), except the void and
    /// self-closing-by-sibling ones of <see cref="Flat"/> (not the ruby parts <c>rb</c>, <c>rt</c>, <c>rp</c>: the tree builder
    /// closes them only while a <c>ruby</c> is in scope, which an <c>object</c> or a <c>table</c> in between takes away, and
    /// sixty thousand nested ones took it 47 s; a <c>&lt;/ruby&gt;</c> closes them all); an end tag closes the innermost open element of its name and those
    /// inside it, and one that closes nothing (a stray <c>&lt;/i&gt;</c>) changes nothing. So neither <c>&lt;div/&gt;</c> nor
    /// <c>&lt;div&gt;&lt;/i&gt;</c> repeated hides its depth, and an inline chart of a thousand <c>&lt;path/&gt;</c> adds none.
    /// Open names are counted by name, so an end tag finds out at once whether it closes anything, and each element is
    /// popped once: the scan stays linear.
    /// </summary>
    private sealed class OpenElements
    {
        private readonly string _html;
        private readonly int _maxDepth;
        private readonly List<(int Start, int Length)> _stack = [];
        private readonly Dictionary<string, int> _counts = new(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _countsByName;
        private int _foreign;

        public OpenElements(string html, int maxDepth)
        {
            _html = html;
            _maxDepth = maxDepth;
            _countsByName = _counts.GetAlternateLookup<ReadOnlySpan<char>>();
        }

        /// <summary>Takes the tag whose name is at <paramref name="start"/>; true when more than the maximum are open.</summary>
        public bool Tag(int start, int length, bool close, bool selfClosing)
        {
            var name = _html.AsSpan(start, length);
            if (FlatNames.Contains(name))
            {
                return false;
            }

            if (close)
            {
                if (!_countsByName.TryGetValue(name, out var open) || open == 0)
                {
                    return false; // closes nothing
                }

                while (_stack.Count > 0)
                {
                    var (innerStart, innerLength) = _stack[^1];
                    _stack.RemoveAt(_stack.Count - 1);
                    var inner = _html.AsSpan(innerStart, innerLength);
                    _countsByName[inner]--;
                    _foreign -= IsForeignRoot(inner) ? 1 : 0;
                    if (inner.Equals(name, StringComparison.OrdinalIgnoreCase))
                    {
                        break;
                    }
                }

                return false;
            }

            if (selfClosing && _foreign > 0)
            {
                return false; // closed at once inside svg or math
            }

            _stack.Add((start, length));
            _countsByName[name] = _countsByName.TryGetValue(name, out var count) ? count + 1 : 1;
            _foreign += IsForeignRoot(name) ? 1 : 0;
            return _stack.Count > _maxDepth;
        }

        private static bool IsForeignRoot(ReadOnlySpan<char> name) =>
            name.Equals("svg", StringComparison.OrdinalIgnoreCase) || name.Equals("math", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary><paramref name="html"/> as one paragraph of escaped plain text.</summary>
    public static string AsPlainText(string html)
    {
        var text = PlainText(html);
        // Escaped the way an HTML serialiser escapes text (only &, <, >), so cleaning the result again changes nothing.
        var escaped = text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
        return text.Length == 0 ? "" : "<p>" + escaped + "</p>";
    }

    /// <summary>The text of <paramref name="html"/> without a parser: tags, comments and code blocks removed, entities decoded, white space collapsed.</summary>
    public static string PlainText(string html) =>
        Whitespace().Replace(WebUtility.HtmlDecode(Tag().Replace(CodeBlock().Replace(html, " "), " ")), " ").Trim();

    // Both without backtracking (the fallbacks run on hostile input: with it, a tag or block that never ends is looked for
    // again from every '<', quadratic in the input), hence the three names spelt out instead of a backreference.
    [GeneratedRegex(@"<(?<close>/)?(?<name>[a-zA-Z][a-zA-Z0-9-]*)(?<attributes>[^>]*)>", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex Tag();

    [GeneratedRegex(@"<script\b[^>]*>.*?</script\s*>|<style\b[^>]*>.*?</style\s*>|<template\b[^>]*>.*?</template\s*>|<!--.*?-->",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.NonBacktracking)]
    private static partial Regex CodeBlock();

    [GeneratedRegex(@"\s+", RegexOptions.NonBacktracking)]
    private static partial Regex Whitespace();
}
