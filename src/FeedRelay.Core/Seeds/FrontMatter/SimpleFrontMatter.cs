using System.Buffers;

namespace FeedRelay.Seeds;

/// <summary>
/// A hand-written reader for the plain front matter nearly every seed has (<c>key: value</c> lines, single-line quoted
/// values without escapes, <c>[ a, b ]</c> flow lists and indented <c>- item</c> lists), giving exactly what YamlDotNet
/// gives for it (scalars as strings, lists as <see cref="List{T}"/> of strings) at a fraction of the cost. Anything
/// outside that subset (comments, escapes, multi-line values, anchors, null-like or duplicate keys, unusual characters)
/// is declined, and the caller parses the block with YamlDotNet as before. Pure; never throws.
/// </summary>
internal static class SimpleFrontMatter
{
    /// <summary>Characters that give a plain scalar at its start another meaning (or that this reader leaves to YamlDotNet).</summary>
    private static readonly SearchValues<char> Indicators = SearchValues.Create("-?:,[]{}#&*!|>%@`");

    /// <summary>Characters a plain item of a flow list may not contain (here: a colon too).</summary>
    private static readonly SearchValues<char> FlowIndicators = SearchValues.Create("[]{},:");

    /// <summary>Reads <paramref name="yaml"/>, or returns false when it is not entirely in the subset this reader knows.</summary>
    public static bool TryRead(string yaml, out Dictionary<string, object?> fields)
    {
        fields = new Dictionary<string, object?>();
        string? listKey = null;
        List<object?>? list = null;
        var listIndent = -1;
        var position = 0;
        while (position <= yaml.Length)
        {
            var end = yaml.IndexOf('\n', position);
            if (end < 0)
            {
                end = yaml.Length;
            }

            var line = yaml.AsSpan(position, end - position);
            position = end + 1;
            if (line.Length > 0 && line[^1] == '\r')
            {
                line = line[..^1];
            }

            if (HasUnusualCharacter(line))
            {
                return false;
            }

            if (line.IsWhiteSpace())
            {
                continue;
            }

            if (line[0] == ' ')
            {
                // An item of the block list started by the last "key:" line.
                var indent = line.Length - line.TrimStart(' ').Length;
                var item = line[indent..];
                if (listKey is null || (listIndent >= 0 && indent != listIndent) || item.Length < 3 || item[0] != '-' || item[1] != ' ')
                {
                    return false;
                }

                listIndent = indent;
                if (!TryScalar(item[2..].Trim(' '), flow: false, out var value))
                {
                    return false;
                }

                (list ??= []).Add(value);
                continue;
            }

            if (!EndList(fields, ref listKey, ref list, ref listIndent))
            {
                return false;
            }

            var colon = line.IndexOf(':');
            if (colon <= 0 || !IsKey(line[..colon]) || (colon + 1 < line.Length && line[colon + 1] != ' '))
            {
                return false;
            }

            var key = line[..colon].ToString();
            if (fields.ContainsKey(key) || key == listKey)
            {
                return false;
            }

            var rest = line[(colon + 1)..].Trim(' ');
            if (rest.IsEmpty)
            {
                listKey = key;
                continue;
            }

            if (rest[0] == '[')
            {
                if (!TryFlowList(rest, out var items))
                {
                    return false;
                }

                fields[key] = items;
            }
            else if (TryScalar(rest, flow: false, out var scalar))
            {
                fields[key] = scalar;
            }
            else
            {
                return false;
            }
        }

        return EndList(fields, ref listKey, ref list, ref listIndent) && fields.Count > 0;
    }

    /// <summary>Stores the pending block list; false when a "key:" line had no items (YAML reads that as null: declined).</summary>
    private static bool EndList(Dictionary<string, object?> fields, ref string? listKey, ref List<object?>? list, ref int listIndent)
    {
        if (listKey is null)
        {
            return true;
        }

        if (list is null || fields.ContainsKey(listKey))
        {
            return false;
        }

        fields[listKey] = list;
        (listKey, list, listIndent) = (null, null, -1);
        return true;
    }

    private static bool IsKey(ReadOnlySpan<char> key)
    {
        if (!char.IsAsciiLetter(key[0]) && key[0] != '_')
        {
            return false;
        }

        foreach (var c in key)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('_' or '-'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary><c>[ a, b ]</c> with plain items; <c>[]</c> is an empty list.</summary>
    private static bool TryFlowList(ReadOnlySpan<char> text, out List<object?> items)
    {
        items = [];
        if (text.Length < 2 || text[^1] != ']')
        {
            return false;
        }

        var inner = text[1..^1].Trim(' ');
        if (inner.IsEmpty)
        {
            return true;
        }

        foreach (var range in inner.Split(','))
        {
            if (!TryScalar(inner[range].Trim(' '), flow: true, out var item) || item.Length == 0)
            {
                return false;
            }

            items.Add(item);
        }

        return true;
    }

    /// <summary>A single-line scalar: plain (no indicator at its start, no <c>": "</c> or <c>" #"</c>), or quoted without escapes.</summary>
    private static bool TryScalar(ReadOnlySpan<char> text, bool flow, out string value)
    {
        value = "";
        if (text.IsEmpty)
        {
            return false;
        }

        if (text[0] is '"' or '\'')
        {
            if (text.Length < 2 || text[^1] != text[0] || text[1..^1].IndexOfAny('"', '\'', '\\') >= 0)
            {
                return false;
            }

            value = text[1..^1].ToString();
            return true;
        }

        if (Indicators.Contains(text[0])
            || text[^1] == ':'
            || text.IndexOf(": ") >= 0
            || text.IndexOf(" #") >= 0
            || (flow && text.IndexOfAny(FlowIndicators) >= 0)
            || IsNullLike(text))
        {
            return false;
        }

        value = text.ToString();
        return true;
    }

    private static bool IsNullLike(ReadOnlySpan<char> text) => text is "~" or "null" or "Null" or "NULL";

    /// <summary>Tabs, control characters, YAML's other line breaks, byte-order marks and non-characters: left to YamlDotNet.</summary>
    private static bool HasUnusualCharacter(ReadOnlySpan<char> line)
    {
        foreach (var c in line)
        {
            if (c < ' ' || c is >= '\u007F' and <= '\u009F' or '\u2028' or '\u2029' or '\uFEFF' or '\uFFFE' or '\uFFFF')
            {
                return true;
            }
        }

        return false;
    }
}
