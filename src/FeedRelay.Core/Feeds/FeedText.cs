using System.Text;
using System.Xml;

namespace FeedRelay.Feeds;

/// <summary>Makes text safe for every feed format, so that no article can make a writer throw.</summary>
public static class FeedText
{
    /// <summary>
    /// <paramref name="text"/> without characters XML 1.0 forbids (control characters, lone surrogates, U+FFFE/U+FFFF) and
    /// without DEL and the C1 controls (U+007F–U+009F): XML allows those, but they are no text (the W3C feed validator warns of
    /// them, and readers alter or drop them).
    /// </summary>
    public static string Clean(string text)
    {
        var firstBad = FirstBad(text);
        if (firstBad < 0)
        {
            return text;
        }

        var clean = new StringBuilder(text.Length).Append(text, 0, firstBad);
        for (var i = firstBad; i < text.Length; i++)
        {
            if (IsOk(text, i, out var width))
            {
                clean.Append(text, i, width);
            }

            i += width - 1;
        }

        return clean.ToString();
    }

    /// <summary>
    /// Index of the first character <see cref="Clean"/> drops, or -1: three vectorised scans (C0 controls and U+FFFE/U+FFFF,
    /// DEL and C1 controls, then surrogates), since almost all text is clean.
    /// </summary>
    private static int FirstBad(ReadOnlySpan<char> text)
    {
        var first = text.IndexOfAnyInRange('\u007F', '\u009F');
        for (var offset = 0; ;)
        {
            var i = text[offset..(first < 0 ? text.Length : first)].IndexOfAnyExceptInRange('\u0020', '\uFFFD');
            if (i < 0)
            {
                break;
            }

            i += offset;
            if (text[i] is not ('\t' or '\n' or '\r'))
            {
                first = i;
                break;
            }

            offset = i + 1;
        }

        // Surrogates: only an unpaired one is bad, and only one before the first bad control character matters.
        var end = first < 0 ? text.Length : first;
        for (var offset = 0; ;)
        {
            var i = text[offset..end].IndexOfAnyInRange('\uD800', '\uDFFF');
            if (i < 0)
            {
                return first;
            }

            i += offset;
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                offset = i + 2;
                if (offset >= end)
                {
                    return first;
                }

                continue;
            }

            return i;
        }
    }

    private static bool IsOk(string text, int i, out int width)
    {
        var c = text[i];
        if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
        {
            width = 2;
            return true;
        }

        width = 1;
        return XmlConvert.IsXmlChar(c) && c is not (>= '\u007F' and <= '\u009F');
    }
}
