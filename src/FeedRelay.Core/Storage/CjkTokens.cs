using System.Text;

namespace FeedRelay.Storage;

/// <summary>
/// Prepares text for a word tokenizer (SQLite FTS5 <c>unicode61</c>) that would otherwise read a run of Chinese, Japanese or
/// Korean characters as one long word: every Han, Kana and Hangul character becomes a word of its own, so that searching for
/// one or two characters (北约 as the phrase "北 约") finds them anywhere in the run. Other text is left as it is. Pure.
/// </summary>
public static class CjkTokens
{
    /// <summary>
    /// <paramref name="text"/> with a space on each side of every CJK character (none doubled, none at the ends added);
    /// the same instance when there is no CJK character.
    /// </summary>
    public static string Segment(string text)
    {
        var first = IndexOfCjk(text);
        if (first < 0)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length * 2);
        builder.Append(text, 0, first);
        var previousWasCjk = false;
        for (var i = first; i < text.Length; i++)
        {
            var width = char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) ? 2 : 1;
            var codePoint = width == 2 ? char.ConvertToUtf32(text[i], text[i + 1]) : text[i];
            if (IsCjk(codePoint))
            {
                if (builder.Length > 0 && builder[^1] != ' ')
                {
                    builder.Append(' ');
                }

                builder.Append(text, i, width);
                previousWasCjk = true;
            }
            else
            {
                if (previousWasCjk && text[i] != ' ')
                {
                    builder.Append(' ');
                }

                builder.Append(text, i, width);
                previousWasCjk = false;
            }

            i += width - 1;
        }

        return builder.ToString();
    }

    /// <summary>True when <paramref name="text"/> holds a Han, Kana or Hangul character.</summary>
    public static bool ContainsCjk(string text) => IndexOfCjk(text) >= 0;

    /// <summary>True for Han ideographs (all extensions), Hiragana, Katakana, Bopomofo, Hangul and the iteration marks.</summary>
    public static bool IsCjk(int codePoint) => codePoint switch
    {
        >= 0x1100 and <= 0x11FF => true, // Hangul Jamo
        0x3005 or 0x3006 or 0x3007 => true, // 々 〆 〇
        >= 0x3040 and <= 0x30FF => true, // Hiragana, Katakana
        >= 0x3100 and <= 0x312F => true, // Bopomofo
        >= 0x3130 and <= 0x318F => true, // Hangul compatibility Jamo
        >= 0x31A0 and <= 0x31BF => true, // Bopomofo extended
        >= 0x31F0 and <= 0x31FF => true, // Katakana phonetic extensions
        >= 0x3400 and <= 0x4DBF => true, // Han extension A
        >= 0x4E00 and <= 0x9FFF => true, // Han
        >= 0xA960 and <= 0xA97F => true, // Hangul Jamo extended A
        >= 0xAC00 and <= 0xD7AF => true, // Hangul syllables
        >= 0xD7B0 and <= 0xD7FF => true, // Hangul Jamo extended B
        >= 0xF900 and <= 0xFAFF => true, // Han compatibility
        >= 0xFF66 and <= 0xFF9F => true, // half-width Katakana
        >= 0xFFA0 and <= 0xFFDC => true, // half-width Hangul
        >= 0x20000 and <= 0x3FFFF => true, // Han extensions B and later
        _ => false,
    };

    private static int IndexOfCjk(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c < 0x1100)
            {
                continue;
            }

            var codePoint = char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) ? char.ConvertToUtf32(c, text[i + 1]) : c;
            if (IsCjk(codePoint))
            {
                return i;
            }
        }

        return -1;
    }
}
