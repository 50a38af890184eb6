using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace FeedRelay.Feeds;

/// <summary>
/// The UTF-8 output of the feed writers: literal bytes, and text escaped for XML content, XML attributes or JSON
/// strings, written straight into an <see cref="IBufferWriter{T}"/>. The escaping reproduces byte for byte what
/// <see cref="System.Xml.XmlWriter"/> (UTF-8, <c>NewLineHandling.Replace</c>, <c>\n</c> new lines) and
/// <see cref="System.Text.Json.Utf8JsonWriter"/> with <see cref="JavaScriptEncoder.UnsafeRelaxedJsonEscaping"/> write;
/// FeedOutputTests compare the two for every UTF-16 code unit. Text must already be <see cref="FeedText.Clean"/>.
/// </summary>
internal ref struct FeedOutput
{
    // XML text: the three markup characters, and CR (a lone CR or CR LF becomes LF, as XmlWriter's new-line handling does).
    private static readonly SearchValues<char> XmlTextSpecial = SearchValues.Create("&<>\r");

    // XML attribute values (double-quoted): markup, the quote, and the white space XmlWriter writes as character references.
    private static readonly SearchValues<char> XmlAttributeSpecial = SearchValues.Create("&<>\"\r\n\t");

    // One bit per UTF-16 code unit: set when the relaxed JSON encoder escapes it (surrogates always: supplementary characters are escaped as pairs).
    private static readonly ulong[] JsonEscaped = JsonEscapedBitmap();

    // Printable ASCII that a JSON string keeps as is (the relaxed encoder escapes only the quote, backslash and DEL in ASCII).
    private static readonly SearchValues<char> JsonSafeAscii = SearchValues.Create(JsonSafeAsciiCharacters());

    // The longest run of characters around the CJK Unified Ideographs that the encoder keeps: blocks inside it need no table look-ups.
    private static readonly (ushort First, ushort Last) JsonKeptHan = KeptRangeAround('\u4E00');

    // Byte shuffles that interleave the lead, middle and last bytes of eight three-byte characters (0x80: a zero byte).
    private static readonly Vector128<byte> FirstFromLeadMiddle = Vector128.Create((byte)0, 8, 0x80, 1, 9, 0x80, 2, 10, 0x80, 3, 11, 0x80, 4, 12, 0x80, 5);
    private static readonly Vector128<byte> FirstFromLast = Vector128.Create((byte)0x80, 0x80, 0, 0x80, 0x80, 1, 0x80, 0x80, 2, 0x80, 0x80, 3, 0x80, 0x80, 4, 0x80);
    private static readonly Vector128<byte> NextFromLeadMiddle = Vector128.Create((byte)13, 0x80, 6, 14, 0x80, 7, 15, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80);
    private static readonly Vector128<byte> NextFromLast = Vector128.Create((byte)0x80, 5, 0x80, 0x80, 6, 0x80, 0x80, 7, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80);

    private readonly IBufferWriter<byte> _output;
    private Span<byte> _span;
    private int _position;

    /// <summary>Writes into <paramref name="output"/>; call <see cref="Flush"/> at the end.</summary>
    public FeedOutput(IBufferWriter<byte> output)
    {
        _output = output;
        _span = output.GetSpan(4096);
        _position = 0;
    }

    /// <summary>Commits what was written to the buffer writer.</summary>
    public void Flush()
    {
        _output.Advance(_position);
        _span = default;
        _position = 0;
    }

    /// <summary>Writes the markup of one item of a document to <paramref name="output"/>.</summary>
    public delegate void ItemWriter(ref FeedOutput output, FeedItem item);

    /// <summary>
    /// Writes <paramref name="item"/> with <paramref name="write"/>, or, when the item came from <paramref name="cache"/>,
    /// copies its fragment in <paramref name="format"/> from there (rendering and keeping it the first time): the same bytes either way.
    /// </summary>
    public void Item(FeedItem item, FeedFormat format, FeedItemCache? cache, ItemWriter write)
    {
        if (cache is null || !cache.TryGetFragment(item, format, out var fragment))
        {
            write(ref this, item);
            return;
        }

        if (fragment is null)
        {
            using var buffer = new PooledBufferWriter(FeedWriter.EstimateSize(item));
            var output = new FeedOutput(buffer);
            write(ref output, item);
            output.Flush();
            fragment = buffer.ToArray(pinned: true);
            cache.SetFragment(item, format, fragment);
        }

        if (_output is PooledBufferWriter pooled)
        {
            // Held by reference (cached fragments never change): the document's array is then the only copy.
            pooled.Advance(_position);
            pooled.AppendShared(fragment);
            _position = 0;
            _span = pooled.GetSpan();
            return;
        }

        Raw(fragment);
    }

    /// <summary>Literal UTF-8 bytes (markup).</summary>
    public void Raw(scoped ReadOnlySpan<byte> utf8)
    {
        Reserve(utf8.Length);
        utf8.CopyTo(_span[_position..]);
        _position += utf8.Length;
    }

    /// <summary>An element with text content; an empty one self-closes (<c>&lt;name /&gt;</c>), as <c>XmlWriter.WriteElementString</c> writes it.</summary>
    /// <param name="open">The start tag without its closing bracket, e.g. <c>&lt;title</c>.</param>
    /// <param name="close">The end tag, e.g. <c>&lt;/title&gt;</c>.</param>
    /// <param name="text">The content.</param>
    public void XmlElement(scoped ReadOnlySpan<byte> open, scoped ReadOnlySpan<byte> close, string text) => Element(open, close, text, html: false);

    /// <summary>
    /// An element whose content a reader takes as HTML (RSS's <c>description</c>) holding plain <paramref name="text"/>:
    /// escaped for HTML, then for XML, so that text that reads like markup (<c>&lt;img onerror=…&gt;</c> written as words in the
    /// article) stays words in the reader instead of becoming markup. Self-closes when empty, as <see cref="XmlElement"/>.
    /// </summary>
    public void XmlElementOfText(scoped ReadOnlySpan<byte> open, scoped ReadOnlySpan<byte> close, string text) => Element(open, close, text, html: true);

    private void Element(scoped ReadOnlySpan<byte> open, scoped ReadOnlySpan<byte> close, string text, bool html)
    {
        Raw(open);
        if (text.Length == 0)
        {
            Raw(" />"u8);
            return;
        }

        Raw(">"u8);
        XmlText(text, html);
        Raw(close);
    }

    /// <summary><paramref name="text"/> as XML character data.</summary>
    public void XmlText(scoped ReadOnlySpan<char> text) => XmlText(text, html: false);

    /// <summary><paramref name="text"/> as XML character data; with <paramref name="html"/>, HTML-escaped first (<c>&amp;amp;lt;</c> for <c>&lt;</c>).</summary>
    private void XmlText(scoped ReadOnlySpan<char> text, bool html)
    {
        // Room for the worst case once (every character an entity of 5 bytes, 9 when escaped twice, or 3 bytes of UTF-8),
        // then no checks per piece.
        Reserve(checked(text.Length * (html ? 9 : 5)));
        var target = _span[_position..];
        var d = 0;
        while (true)
        {
            var i = text.IndexOfAny(XmlTextSpecial);
            if (i < 0)
            {
                d += Encode(text, target[d..]);
                break;
            }

            d += Encode(text[..i], target[d..]);
            var skip = 1;
            switch (text[i])
            {
                case '&':
                    d += Put(html ? "&amp;amp;"u8 : "&amp;"u8, target[d..]);
                    break;
                case '<':
                    d += Put(html ? "&amp;lt;"u8 : "&lt;"u8, target[d..]);
                    break;
                case '>':
                    d += Put(html ? "&amp;gt;"u8 : "&gt;"u8, target[d..]);
                    break;
                default:
                    target[d++] = (byte)'\n';
                    skip = i + 1 < text.Length && text[i + 1] == '\n' ? 2 : 1;
                    break;
            }

            text = text[(i + skip)..];
        }

        _position += d;
    }

    /// <summary>
    /// <c> name="value"</c> when <paramref name="value"/> is not null or empty, else nothing; <paramref name="nameEquals"/> is
    /// the markup up to the opening quote (<c> hreflang="</c>).
    /// </summary>
    public void XmlOptionalAttribute(scoped ReadOnlySpan<byte> nameEquals, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        Raw(nameEquals);
        XmlAttribute(value);
        Raw("\""u8);
    }

    /// <summary><paramref name="text"/> as the value of a double-quoted XML attribute (without the quotes).</summary>
    public void XmlAttribute(scoped ReadOnlySpan<char> text)
    {
        Reserve(checked(text.Length * 6));
        var target = _span[_position..];
        var d = 0;
        while (true)
        {
            var i = text.IndexOfAny(XmlAttributeSpecial);
            if (i < 0)
            {
                d += Encode(text, target[d..]);
                break;
            }

            d += Encode(text[..i], target[d..]);
            d += Put(text[i] switch
            {
                '&' => "&amp;"u8,
                '<' => "&lt;"u8,
                '>' => "&gt;"u8,
                '"' => "&quot;"u8,
                '\r' => "&#xD;"u8,
                '\n' => "&#xA;"u8,
                _ => "&#x9;"u8,
            }, target[d..]);
            text = text[(i + 1)..];
        }

        _position += d;
    }

    /// <summary><paramref name="text"/> as a JSON string, with its quotes.</summary>
    /// <remarks>
    /// One pass: runs of printable ASCII are found and narrowed with vector instructions, runs of three-byte characters
    /// (CJK text) are transcoded eight at a time with vector instructions, and every other character (quotes in HTML,
    /// accented letters) is checked against the encoder's table and written as UTF-8 or an escape in the same step.
    /// </remarks>
    public void JsonString(scoped ReadOnlySpan<char> text)
    {
        Reserve(checked((text.Length * 6) + 2));
        var target = _span[_position..];
        target[0] = (byte)'"';
        var d = 1;
        var i = 0;
        var blocksFrom = 0; // after a block that is not all three-byte text, the next try is eight characters on
        while (i < text.Length)
        {
            var run = text[i..].IndexOfAnyExcept(JsonSafeAscii);
            if (run < 0)
            {
                run = text.Length - i;
            }

            if (run > 0)
            {
                d += Narrow(text.Slice(i, run), target[d..]);
                i += run;
            }

            while (i < text.Length)
            {
                int c = text[i];
                if (IsJsonEscaped((char)c))
                {
                    // Surrogates are always in the table: the relaxed encoder escapes supplementary characters as pairs.
                    d += JsonEscape((char)c, target[d..]);
                    i++;
                }
                else if (c < 0x80)
                {
                    // Back to the vector search when ASCII goes on (markup, Latin text); a lone space or digit is written here.
                    if (i + 1 < text.Length && text[i + 1] < 0x80)
                    {
                        break;
                    }

                    target[d++] = (byte)c;
                    i++;
                }
                else if (c < 0x800)
                {
                    target[d] = (byte)(0xC0 | (c >> 6));
                    target[d + 1] = (byte)(0x80 | (c & 0x3F));
                    d += 2;
                    i++;
                }
                else
                {
                    if (i >= blocksFrom)
                    {
                        var (read, written) = ThreeByteBlocks(text[i..], target[d..]);
                        i += read;
                        d += written;
                        blocksFrom = i + 8;
                        if (read > 0)
                        {
                            continue;
                        }
                    }

                    target[d] = (byte)(0xE0 | (c >> 12));
                    target[d + 1] = (byte)(0x80 | ((c >> 6) & 0x3F));
                    target[d + 2] = (byte)(0x80 | (c & 0x3F));
                    d += 3;
                    i++;
                }
            }
        }

        target[d++] = (byte)'"';
        _position += d;
    }

    /// <summary>A time formatted with an invariant .NET format string (ASCII only).</summary>
    public void Time(DateTime time, string format)
    {
        Reserve(64);
        if (!time.TryFormat(_span[_position..], out var written, format, CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException("date format too long");
        }

        _position += written;
    }

    /// <summary>A time with its offset, formatted with an invariant .NET format string (ASCII only).</summary>
    public void Time(DateTimeOffset time, string format)
    {
        Reserve(64);
        if (!time.TryFormat(_span[_position..], out var written, format, CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException("date format too long");
        }

        _position += written;
    }

    /// <summary>An integer in invariant digits.</summary>
    public void Integer(int value)
    {
        Reserve(16);
        value.TryFormat(_span[_position..], out var written, default, CultureInfo.InvariantCulture);
        _position += written;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsJsonEscaped(char c) => (JsonEscaped[c >> 6] & (1UL << (c & 63))) != 0;

    private static (ushort First, ushort Last) KeptRangeAround(char c)
    {
        if (IsJsonEscaped(c))
        {
            return (1, 0); // empty: no block is inside it
        }

        var (first, last) = (c, c);
        while (first > 0x800 && !IsJsonEscaped((char)(first - 1)))
        {
            first--;
        }

        while (last < 0xFFFF && !IsJsonEscaped((char)(last + 1)))
        {
            last++;
        }

        return (first, last);
    }

    private static string JsonSafeAsciiCharacters()
    {
        var safe = new System.Text.StringBuilder();
        for (var c = (char)0x20; c < 0x7F; c++)
        {
            if (!IsJsonEscaped(c))
            {
                safe.Append(c);
            }
        }

        return safe.ToString();
    }

    private static ulong[] JsonEscapedBitmap()
    {
        var bits = new ulong[65536 / 64];
        var encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        for (var c = 0; c < 65536; c++)
        {
            if (char.IsSurrogate((char)c) || encoder.WillEncode(c))
            {
                bits[c >> 6] |= 1UL << (c & 63);
            }
        }

        return bits;
    }

    private static int JsonEscape(char c, Span<byte> target)
    {
        switch (c)
        {
            case '"':
                return Put("\\\""u8, target);
            case '\\':
                return Put("\\\\"u8, target);
            case '\n':
                return Put("\\n"u8, target);
            case '\r':
                return Put("\\r"u8, target);
            case '\t':
                return Put("\\t"u8, target);
            case '\b':
                return Put("\\b"u8, target);
            case '\f':
                return Put("\\f"u8, target);
        }

        target[0] = (byte)'\\';
        target[1] = (byte)'u';
        ((int)c).TryFormat(target[2..], out _, "X4", CultureInfo.InvariantCulture);
        return 6;
    }

    /// <summary>
    /// UTF-8 of the blocks of eight characters at the start of <paramref name="text"/> that are all three-byte characters
    /// (U+0800 and up) the JSON encoder keeps as they are: each byte of the three computed for eight characters at once, then
    /// interleaved by two byte shuffles. .NET's transcoder has no vector path for such text; Chinese and Japanese
    /// articles are mostly made of it. Returns (0, 0) when the first block does not qualify or there is no vector support.
    /// </summary>
    private static (int Read, int Written) ThreeByteBlocks(ReadOnlySpan<char> text, Span<byte> target)
    {
        if (!Ssse3.IsSupported)
        {
            return (0, 0);
        }

        var read = 0;
        var written = 0;
        ref var source = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(text));
        while (read + 8 <= text.Length && target.Length - written >= 32)
        {
            var chars = Vector128.LoadUnsafe(ref source, (nuint)read);
            var allKeptHan = JsonKeptHan.First <= JsonKeptHan.Last
                && Vector128.LessThanOrEqualAll(chars - Vector128.Create(JsonKeptHan.First), Vector128.Create((ushort)(JsonKeptHan.Last - JsonKeptHan.First)));
            if (!allKeptHan && (!Vector128.GreaterThanOrEqualAll(chars, Vector128.Create((ushort)0x800)) || AnyJsonEscaped(text.Slice(read, 8))))
            {
                break;
            }

            var lead = Vector128.ShiftRightLogical(chars, 12) | Vector128.Create((ushort)0xE0);
            var middle = (Vector128.ShiftRightLogical(chars, 6) & Vector128.Create((ushort)0x3F)) | Vector128.Create((ushort)0x80);
            var last = (chars & Vector128.Create((ushort)0x3F)) | Vector128.Create((ushort)0x80);
            var leadMiddle = Vector128.Narrow(lead, middle); // lead 0-7, middle 8-15
            var lasts = Vector128.Narrow(last, last); // last 0-7 (twice)
            var first16 = Ssse3.Shuffle(leadMiddle, FirstFromLeadMiddle) | Ssse3.Shuffle(lasts, FirstFromLast);
            var next8 = Ssse3.Shuffle(leadMiddle, NextFromLeadMiddle) | Ssse3.Shuffle(lasts, NextFromLast);
            ref var output = ref MemoryMarshal.GetReference(target);
            first16.StoreUnsafe(ref output, (nuint)written);
            next8.StoreUnsafe(ref output, (nuint)written + 16); // 16 bytes stored, 8 kept: the room was checked above
            read += 8;
            written += 24;
        }

        return (read, written);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool AnyJsonEscaped(ReadOnlySpan<char> eight)
    {
        ulong bits = 0;
        for (var k = 0; k < 8; k++)
        {
            var c = eight[k];
            bits |= JsonEscaped[c >> 6] >> (c & 63);
        }

        return (bits & 1) != 0;
    }

    /// <summary>ASCII <paramref name="text"/> as bytes: short runs inline, longer ones with the vectorised narrowing copy.</summary>
    private static int Narrow(ReadOnlySpan<char> text, Span<byte> target)
    {
        if (text.Length <= 8)
        {
            for (var i = 0; i < text.Length; i++)
            {
                target[i] = (byte)text[i];
            }

            return text.Length;
        }

        System.Text.Ascii.FromUtf16(text, target, out var written);
        return written;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Put(ReadOnlySpan<byte> bytes, Span<byte> target)
    {
        bytes.CopyTo(target);
        return bytes.Length;
    }

    /// <summary>
    /// UTF-8 of <paramref name="text"/> (which needs no escaping) into <paramref name="target"/>: long runs through the
    /// vectorised transcoder, the short runs between markup characters inline, where the call would cost more than the work.
    /// </summary>
    private static int Encode(ReadOnlySpan<char> text, Span<byte> target)
    {
        if (text.Length > 16)
        {
            Utf8.FromUtf16(text, target, out _, out var written, replaceInvalidSequences: true, isFinalBlock: true);
            return written;
        }

        var d = 0;
        for (var i = 0; i < text.Length; i++)
        {
            int c = text[i];
            if (c < 0x80)
            {
                target[d++] = (byte)c;
            }
            else if (c < 0x800)
            {
                target[d] = (byte)(0xC0 | (c >> 6));
                target[d + 1] = (byte)(0x80 | (c & 0x3F));
                d += 2;
            }
            else if (char.IsSurrogate((char)c))
            {
                Utf8.FromUtf16(text[i..], target[d..], out _, out var written, replaceInvalidSequences: true, isFinalBlock: true);
                return d + written;
            }
            else
            {
                target[d] = (byte)(0xE0 | (c >> 12));
                target[d + 1] = (byte)(0x80 | ((c >> 6) & 0x3F));
                target[d + 2] = (byte)(0x80 | (c & 0x3F));
                d += 3;
            }
        }

        return d;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Reserve(int count)
    {
        if (_span.Length - _position < count)
        {
            Grow(count);
        }
    }

    private void Grow(int count)
    {
        _output.Advance(_position);
        _position = 0;
        _span = _output.GetSpan(Math.Max(count, 16384));
    }
}
