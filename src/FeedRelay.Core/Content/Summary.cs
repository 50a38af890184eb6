using System.Buffers;
using System.Globalization;
using System.Text;
using AngleSharp.Dom;

namespace FeedRelay.Content;

/// <summary>Makes plain-text summaries from HTML. Pure; never throws.</summary>
public static class Summary
{
    /// <summary>Elements whose boundaries separate words even without white space in the source.</summary>
    private static readonly HashSet<string> Blocks = new(StringComparer.OrdinalIgnoreCase)
    {
        "address", "article", "aside", "blockquote", "br", "caption", "dd", "div", "dl", "dt", "figure", "footer", "h1", "h2",
        "h3", "h4", "h5", "h6", "header", "hr", "img", "li", "main", "nav", "ol", "p", "pre", "section", "table", "td", "th", "tr", "ul",
    };

    /// <summary>Elements left out of summaries: captions describe a picture, not the story.</summary>
    private static readonly HashSet<string> Skipped = new(StringComparer.OrdinalIgnoreCase) { "figcaption", "script", "style", "template", "noscript" };

    /// <summary>
    /// The characters <see cref="Collapse"/> must look at one by one (white space, control and format characters,
    /// surrogates), one bit per UTF-16 unit (8 KiB); every other character is copied as it is, a run at a time. A bitmap
    /// rather than <see cref="SearchValues{T}"/>: a set this large and spread out has no vectorised search, and its
    /// fallback costs several times a bit test on the CJK text that most of the archive is.
    /// </summary>
    private static readonly ulong[] Special = BuildSpecial();

    private static ulong[] BuildSpecial()
    {
        var bits = new ulong[(char.MaxValue + 1) / 64];
        for (var i = 0; i <= char.MaxValue; i++)
        {
            var c = (char)i;
            if (char.IsWhiteSpace(c) || char.IsControl(c) || char.IsSurrogate(c) || IsDroppedFormat(c))
            {
                bits[i >> 6] |= 1UL << (i & 63);
            }
        }

        return bits;
    }

    /// <summary>The index of the first character of <paramref name="text"/> in <see cref="Special"/>, or -1.</summary>
    private static int IndexOfSpecial(ReadOnlySpan<char> text)
    {
        var bits = Special;
        for (var i = 0; i < text.Length; i++)
        {
            int c = text[i];
            if ((bits[c >> 6] & (1UL << (c & 63))) != 0)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// The format characters a summary drops (zero-width space, soft hyphen, byte-order mark, bidi controls): all but the
    /// zero-width non-joiner and joiner, which are spelling in Persian and other scripts and hold emoji sequences together.
    /// </summary>
    internal static bool IsDroppedFormat(char c) => c is not ('\u200C' or '\u200D') && CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format;

    /// <summary>Plain text of <paramref name="html"/> with white space collapsed (entities decoded once, by the parser).</summary>
    public static string PlainText(string? html)
    {
        if (string.IsNullOrWhiteSpace(html))
        {
            return "";
        }

        var builder = new StringBuilder(html.Length / 2);
        try
        {
            Append(Parsers.Current.ParseDocument("<body>" + html).Body!, builder);
        }
        catch (Exception e) when (e is NullReferenceException or InvalidOperationException or ArgumentException or IndexOutOfRangeException)
        {
            // The parser can throw on malformed input (see HtmlCleaner.Clean); the tag-stripped text is still a summary.
            builder.Clear().Append(NestingGuard.PlainText(html));
        }

        return Collapse(builder.ToString());
    }

    /// <summary>Plain text of the tree below <paramref name="root"/>, as <see cref="PlainText(string?)"/> gives it for that tree's serialisation.</summary>
    /// <param name="root">The tree.</param>
    /// <param name="capacity">A guess of the text's length (the serialised tree's length bounds it).</param>
    internal static string PlainText(AngleSharp.Dom.IElement root, int capacity = 16)
    {
        var builder = new StringBuilder(capacity);
        Append(root, builder);
        return Collapse(builder.ToString());
    }

    /// <summary>
    /// A summary of at most <paramref name="latinLength"/> Latin characters or half as many wide (CJK) ones (and never more
    /// than four times <paramref name="latinLength"/> UTF-16 units), cut after a word, a CJK character or punctuation, never
    /// inside a grapheme (so never inside a surrogate pair), ending in "…" when cut.
    /// </summary>
    public static string Make(string? html, int latinLength = 280) => Cut(PlainText(html), latinLength);

    /// <summary>Cuts plain <paramref name="text"/> as <see cref="Make"/> does.</summary>
    public static string Cut(string text, int latinLength = 280)
    {
        var budget = Math.Max(latinLength, 1) * 2;
        var cost = 0;
        var lastBreak = -1;
        for (var index = 0; index < text.Length;)
        {
            // One grapheme at a time, without a string per grapheme (as a TextElementEnumerator would make).
            var element = text.AsSpan(index, StringInfo.GetNextTextElementLength(text.AsSpan(index)));
            var wide = IsWide(element);
            cost += wide ? 4 : 2;
            // Also at most twice the budget in UTF-16 units: a grapheme may be any number of them (a letter followed by
            // thousands of combining marks), and a summary must stay small whatever the input.
            if (cost > budget || index + element.Length > budget * 2)
            {
                // A break far back would waste most of the budget (one long URL); then cut at the grapheme instead.
                var cut = lastBreak > budget / 4 ? lastBreak : index;
                return text[..cut].TrimEnd().TrimEnd(',', '，', '、', ';', '；', ':', '：', '-', '—') + "…";
            }

            var first = element[0];
            if (char.IsWhiteSpace(first))
            {
                lastBreak = index;
            }
            else if (wide || char.IsPunctuation(first) && first is not ('\'' or '’' or '.' or '-' or '_' or '/' or '&' or '@'))
            {
                lastBreak = index + element.Length;
            }

            index += element.Length;
        }

        return text;
    }

    private static void Append(INode node, StringBuilder builder)
    {
        var children = node.ChildNodes;
        for (var i = 0; i < children.Length; i++)
        {
            switch (children[i])
            {
                case IText text:
                    builder.Append(text.Data);
                    break;
                case IElement element when Skipped.Contains(element.LocalName):
                    break;
                case IElement element:
                    var block = Blocks.Contains(element.LocalName);
                    if (block)
                    {
                        builder.Append(' ');
                    }

                    Append(element, builder);
                    if (block)
                    {
                        builder.Append(' ');
                    }

                    break;
            }
        }
    }

    private static bool IsWide(ReadOnlySpan<char> element)
    {
        Rune.DecodeFromUtf16(element, out var rune, out _);
        return rune.Value is >= 0x1100 and <= 0x11FF or >= 0x2E80 and <= 0xA4CF or >= 0xAC00 and <= 0xD7AF
            or >= 0xF900 and <= 0xFAFF or >= 0xFE30 and <= 0xFE4F or >= 0xFF00 and <= 0xFF60 or >= 0x20000 and <= 0x3FFFF;
    }

    /// <summary>
    /// White-space runs as one space (none at the start), control characters, lone surrogates and format characters dropped
    /// (but the joiners, see <see cref="IsDroppedFormat"/>).
    /// </summary>
    internal static string Collapse(string text)
    {
        var builder = new StringBuilder(text.Length);
        var space = false;
        var i = 0;
        while (i < text.Length)
        {
            // Ordinary characters are copied a run at a time, after the space that a run of white space before them left.
            var run = IndexOfSpecial(text.AsSpan(i));
            if (run != 0)
            {
                if (space)
                {
                    builder.Append(' ');
                    space = false;
                }

                var end = run < 0 ? text.Length : i + run;
                builder.Append(text, i, end - i);
                i = end;
                continue;
            }

            var c = text[i++];

            // An unpaired surrogate is not text; dropping it keeps every cut on a whole character.
            if (char.IsSurrogate(c))
            {
                if (char.IsHighSurrogate(c) && i < text.Length && char.IsLowSurrogate(text[i]))
                {
                    if (space)
                    {
                        builder.Append(' ');
                        space = false;
                    }

                    builder.Append(c).Append(text[i++]);
                }

                continue;
            }

            // Zero-width and other format characters are invisible noise in a plain-text summary.
            space |= builder.Length > 0 && (char.IsWhiteSpace(c) || char.IsControl(c));
        }

        return builder.ToString();
    }
}
