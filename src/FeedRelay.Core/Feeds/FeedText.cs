using System.Text;
using System.Xml;

namespace FeedRelay.Feeds;

/// <summary>Makes text safe for every feed format, so that no article can make a writer throw.</summary>
public static class FeedText
{
    /// <summary><paramref name="text"/> without characters XML 1.0 forbids (control characters, lone surrogates, U+FFFE/U+FFFF).</summary>
    public static string Clean(string text)
    {
        var firstBad = -1;
        for (var i = 0; i < text.Length; i++)
        {
            if (!IsOk(text, i, out var width))
            {
                firstBad = i;
                break;
            }

            i += width - 1;
        }

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

    private static bool IsOk(string text, int i, out int width)
    {
        var c = text[i];
        if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
        {
            width = 2;
            return true;
        }

        width = 1;
        return XmlConvert.IsXmlChar(c);
    }
}
