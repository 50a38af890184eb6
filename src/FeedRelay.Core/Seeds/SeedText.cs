using System.Text;

namespace FeedRelay.Seeds;

/// <summary>
/// Turns seed bytes into text: UTF-8 with or without BOM, UTF-16 LE/BE with BOM, and legacy encodings without BOM
/// (GB18030/GBK, Big5 and others, detected by UTF.Unknown); then removes characters that XML 1.0 forbids.
/// </summary>
public static class SeedText
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    // A legacy guess below this confidence is more likely damaged UTF-8 or binary than real text.
    private const float MinimumConfidence = 0.5f;

    static SeedText() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

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
        else if (LooksBinary(bytes))
        {
            error = SeedError.Binary;
            return false;
        }
        else if (!TryDecodeWithoutBom(bytes, out decoded))
        {
            error = SeedError.UnknownEncoding;
            return false;
        }

        text = StripXmlForbidden(decoded);
        if (string.IsNullOrWhiteSpace(text))
        {
            error = SeedError.Empty;
            return false;
        }

        return true;
    }

    /// <summary>The encoding <see cref="TryDecode"/> would use for BOM-less, non-UTF-8 bytes, or null.</summary>
    public static Encoding? DetectLegacyEncoding(ReadOnlySpan<byte> bytes)
    {
        var sample = bytes.Length > 64 * 1024 ? bytes[..(64 * 1024)] : bytes;
        var detected = UtfUnknown.CharsetDetector.DetectFromBytes(sample.ToArray()).Detected;
        if (detected?.Encoding is not { } encoding || detected.Confidence < MinimumConfidence)
        {
            return null;
        }

        // GB2312 and GBK text is also GB18030, which decodes the characters they lack.
        return encoding.CodePage is 936 or 20936 ? Encoding.GetEncoding(54936) : encoding;
    }

    private static bool TryDecodeWithoutBom(ReadOnlySpan<byte> bytes, out string decoded)
    {
        try
        {
            decoded = StrictUtf8.GetString(bytes);
            return true;
        }
        catch (DecoderFallbackException)
        {
        }

        // UTF-8 with a few damaged bytes is still UTF-8 text a person reads; a damaged byte becomes U+FFFD.
        // Legacy CJK text read as UTF-8 damages nearly every character, so it never passes this test.
        decoded = Encoding.UTF8.GetString(bytes);
        if (decoded.AsSpan().Count('\uFFFD') * 100 <= decoded.Length)
        {
            return true;
        }

        if (DetectLegacyEncoding(bytes) is { } legacy && legacy.CodePage is not (65001 or 1200 or 1201 or 12000 or 12001))
        {
            decoded = legacy.GetString(bytes);
            return true;
        }

        return false;
    }

    /// <summary>NUL bytes, or many C0 control bytes, mean binary data rather than text.</summary>
    private static bool LooksBinary(ReadOnlySpan<byte> bytes)
    {
        var sample = bytes.Length > 8192 ? bytes[..8192] : bytes;
        if (sample.Contains((byte)0))
        {
            return true;
        }

        var controls = 0;
        foreach (var b in sample)
        {
            if (b < 0x20 && b is not ((byte)'\t' or (byte)'\n' or (byte)'\r' or 0x0C or 0x1B))
            {
                controls++;
            }
        }

        return controls * 20 > sample.Length;
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
        var i = start;
        while (i < text.Length)
        {
            // Vectorised skip over U+0020–U+D7FF (always allowed, never a surrogate); the rest is judged one by one.
            var skip = text.AsSpan(i).IndexOfAnyExceptInRange('\u0020', '\uD7FF');
            if (skip < 0)
            {
                return -1;
            }

            i += skip;
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i += 2;
            }
            else if (!IsAllowed(c))
            {
                return i;
            }
            else
            {
                i++;
            }
        }

        return -1;
    }

    private static bool IsAllowed(char c) =>
        c is '\t' or '\n' or '\r' || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD);
}
