using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace FeedRelay.Translation;

/// <summary>
/// Splits article HTML into pieces of at most a given size, each a run of complete sibling nodes (the Translator
/// needs well-formed HTML), so that long content fits the request limits. The start and end tags of an element too
/// big for one piece stay untranslated around its children's pieces; concatenating every piece in order rebuilds the
/// HTML. Pure and thread-safe.
/// </summary>
public static class HtmlSegmenter
{
    private static readonly HtmlParser Parser = new();

    /// <summary>The pieces of <paramref name="html"/>, none translatable one longer than <paramref name="maxCharacters"/>.</summary>
    public static IReadOnlyList<HtmlPiece> Split(string html, int maxCharacters)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCharacters, 16);
        var pieces = new List<HtmlPiece>();
        if (string.IsNullOrWhiteSpace(html))
        {
            return pieces;
        }

        if (html.Length <= maxCharacters)
        {
            pieces.Add(Piece(html));
            return pieces;
        }

        var body = Parser.ParseDocument("<!DOCTYPE html><html><body></body></html>").Body!;
        var nodes = Parser.ParseFragment(html, body);
        SplitNodes(nodes, maxCharacters, pieces);
        return Merge(pieces);
    }

    /// <summary>Joins translated pieces back into one HTML string.</summary>
    public static string Join(IEnumerable<string> pieces) => string.Concat(pieces);

    private static void SplitNodes(IEnumerable<INode> nodes, int max, List<HtmlPiece> pieces)
    {
        var run = new StringBuilder();
        foreach (var node in nodes)
        {
            var html = HtmlOf(node);
            if (run.Length + html.Length <= max)
            {
                run.Append(html);
                continue;
            }

            Flush(run, pieces);
            if (html.Length <= max)
            {
                run.Append(html);
            }
            else if (node is IElement element && element.ChildNodes.Length > 0 && !IsVoid(element))
            {
                var (start, end) = TagsOf(element);
                pieces.Add(new HtmlPiece(start, false));
                SplitNodes(element.ChildNodes.ToList(), max, pieces);
                pieces.Add(new HtmlPiece(end, false));
            }
            else if (node is IText)
            {
                foreach (var part in SplitText(html, max))
                {
                    pieces.Add(Piece(part));
                }
            }
            else
            {
                // An over-long element without children (or a comment): nothing to split at; sent whole if it has text.
                pieces.Add(Piece(html));
            }
        }

        Flush(run, pieces);
    }

    private static void Flush(StringBuilder run, List<HtmlPiece> pieces)
    {
        if (run.Length > 0)
        {
            pieces.Add(Piece(run.ToString()));
            run.Clear();
        }
    }

    /// <summary>A piece of <paramref name="html"/>, translated only when it has text outside its tags (markup alone is billed too).</summary>
    private static HtmlPiece Piece(string html) => new(html, HasText(html));

    /// <summary>True when <paramref name="html"/> has a character other than white space outside its tags and comments.</summary>
    internal static bool HasText(string html)
    {
        var inTag = false;
        foreach (var c in html)
        {
            if (inTag)
            {
                inTag = c != '>';
            }
            else if (c == '<')
            {
                inTag = true;
            }
            else if (!char.IsWhiteSpace(c))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Consecutive untranslated tags become one piece, so that the caller sees fewer, larger pieces.</summary>
    private static List<HtmlPiece> Merge(List<HtmlPiece> pieces)
    {
        var merged = new List<HtmlPiece>(pieces.Count);
        foreach (var piece in pieces)
        {
            if (merged.Count > 0 && !piece.Translate && !merged[^1].Translate)
            {
                merged[^1] = new HtmlPiece(merged[^1].Html + piece.Html, false);
            }
            else
            {
                merged.Add(piece);
            }
        }

        return merged;
    }

    /// <summary>Encoded text cut at sentence ends or spaces, never inside an entity.</summary>
    private static IEnumerable<string> SplitText(string encoded, int max)
    {
        var start = 0;
        while (encoded.Length - start > max)
        {
            var end = start + max;
            var cut = LastBreak(encoded, start, end);
            var amp = encoded.LastIndexOf('&', cut - 1, cut - start);
            if (amp >= 0 && encoded.IndexOf(';', amp, cut - amp) < 0)
            {
                cut = amp > start ? amp : cut;
            }

            yield return encoded[start..cut];
            start = cut;
        }

        if (start < encoded.Length)
        {
            yield return encoded[start..];
        }
    }

    private static int LastBreak(string text, int start, int end)
    {
        for (var i = end - 1; i > start + ((end - start) / 2); i--)
        {
            if (text[i] is '。' or '！' or '？' or '.' or '!' or '?' or '\n')
            {
                return i + 1;
            }
        }

        for (var i = end - 1; i > start; i--)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                return i + 1;
            }
        }

        return char.IsHighSurrogate(text[end - 1]) ? end - 1 : end;
    }

    private static string HtmlOf(INode node) => node switch
    {
        IElement element => element.OuterHtml,
        IText text => TextHtml(text.Data),
        IComment comment => "<!--" + comment.Data + "-->",
        _ => node.TextContent,
    };

    /// <summary>Text escaped the way AngleSharp serialises it (only &amp;, &lt;, &gt; and no-break spaces).</summary>
    private static string TextHtml(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("\u00A0", "&nbsp;", StringComparison.Ordinal)
            .Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    private static (string Start, string End) TagsOf(IElement element)
    {
        var outer = element.OuterHtml;
        var inner = element.InnerHtml;
        var endTag = "</" + element.LocalName + ">";
        var startLength = outer.Length - inner.Length - endTag.Length;
        return (outer[..startLength], endTag);
    }

    private static bool IsVoid(IElement element) => element.LocalName is "img" or "br" or "hr" or "input" or "source" or "wbr" or "area" or "col" or "embed" or "track";
}

/// <summary>A piece of split HTML.</summary>
/// <param name="Html">The HTML of the piece.</param>
/// <param name="Translate">False for the bare start or end tags around a split element, which are kept as they are.</param>
public sealed record HtmlPiece(string Html, bool Translate);
