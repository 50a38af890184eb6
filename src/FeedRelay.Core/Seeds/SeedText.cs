using System.Text;

namespace FeedRelay.Seeds;

/// <summary>Turns seed bytes into text: BOM-aware decoding and removal of characters XML 1.0 forbids.</summary>
public static class SeedText
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Decodes <paramref name="bytes"/> to text, or says why it is not a text file.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> bytes, out string text, out SeedError? error)
    {
        text = "";
        error = null;
        if (bytes.IsEmpty)
        {
            error = SeedError.Empty;
            return false;
        }

        string decoded;
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            decoded = Encoding.UTF8.GetString(bytes[3..]);
        }
        else if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            decoded = Encoding.Unicode.GetString(bytes[2..]);
        }
        else if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            decoded = Encoding.BigEndianUnicode.GetString(bytes[2..]);
        }
        else if (bytes.Contains((byte)0))
        {
            error = SeedError.Binary;
            return false;
        }
        else
        {
            try
            {
                decoded = StrictUtf8.GetString(bytes);
            }
            catch (DecoderFallbackException)
            {
                decoded = Encoding.UTF8.GetString(bytes);
            }
        }

        text = StripXmlForbidden(decoded);
        if (string.IsNullOrWhiteSpace(text))
        {
            error = SeedError.Empty;
            return false;
        }

        return true;
    }

    /// <summary>Removes characters that XML 1.0 forbids (C0 controls but tab/CR/LF, lone surrogates, U+FFFE/U+FFFF).</summary>
    public static string StripXmlForbidden(string text)
    {
        var firstBad = IndexOfForbidden(text, 0);
        if (firstBad < 0)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        builder.Append(text, 0, firstBad);
        for (var i = firstBad; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder.Append(c).Append(text[++i]);
            }
            else if (IsAllowed(c))
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private static int IndexOfForbidden(string text, int start)
    {
        for (var i = start; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (!IsAllowed(c))
            {
                return i;
            }
        }

        return -1;
    }

    private static bool IsAllowed(char c) =>
        c is '\t' or '\n' or '\r' || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD);
}
