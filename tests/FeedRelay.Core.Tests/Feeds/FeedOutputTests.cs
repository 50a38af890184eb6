using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Xml;
using FeedRelay.Feeds;

namespace FeedRelay.Tests.Feeds;

/// <summary>
/// The hand-rolled escapers of <see cref="FeedOutput"/> against the library writers they replace, for every UTF-16
/// code unit XML allows (each alone, between other text, and in runs), and for supplementary characters.
/// </summary>
public sealed class FeedOutputTests
{
    private static readonly XmlWriterSettings XmlSettings = new() { Encoding = new UTF8Encoding(false), Indent = false, OmitXmlDeclaration = true };
    private static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Every BMP code unit XML 1.0 allows, and some surrogate pairs.</summary>
    private static IEnumerable<string> Samples()
    {
        for (var c = 0; c < 0x10000; c++)
        {
            if (!char.IsSurrogate((char)c) && XmlConvert.IsXmlChar((char)c))
            {
                yield return ((char)c).ToString();
            }
        }

        foreach (var scalar in new[] { 0x10000, 0x1F600, 0x20000, 0x2A6D6, 0xE0001, 0x10FFFF })
        {
            yield return char.ConvertFromUtf32(scalar);
        }
    }

    [Fact]
    public void Xml_text_matches_XmlWriter_for_every_character()
    {
        foreach (var sample in Samples())
        {
            foreach (var text in new[] { sample, "a" + sample + "b", "中" + sample + sample + "\r\n" + sample })
            {
                Assert.Equal(Library(x => x.WriteString(text)), Ours((ref FeedOutput o) => o.XmlText(text)));
            }
        }
    }

    [Fact]
    public void Xml_attribute_matches_XmlWriter_for_every_character()
    {
        foreach (var sample in Samples())
        {
            foreach (var text in new[] { sample, "a" + sample + "b", "中" + sample + sample + "\r\n\t" + sample })
            {
                var expected = Library(x => x.WriteAttributeString("a", text));
                Assert.Equal(expected, "<e a=\"" + Ours((ref FeedOutput o) => o.XmlAttribute(text)) + "\">");
            }
        }
    }

    [Fact]
    public void Json_string_matches_Utf8JsonWriter_with_the_relaxed_encoder_for_every_character()
    {
        var all = new StringBuilder();
        for (var c = 0; c < 0x10000; c++)
        {
            var sample = char.IsSurrogate((char)c) ? null : ((char)c).ToString();
            if (sample is null)
            {
                continue;
            }

            all.Append(sample);
            foreach (var text in new[] { sample, "a" + sample + "b", "中" + sample + sample + "x", "中" + sample + "ab\"" + sample + "é" })
            {
                Assert.Equal(LibraryJson(text), Ours((ref FeedOutput o) => o.JsonString(text)));
            }
        }

        foreach (var scalar in new[] { 0x10000, 0x1F600, 0x20000, 0x10FFFF })
        {
            var text = "x" + char.ConvertFromUtf32(scalar) + "中";
            Assert.Equal(LibraryJson(text), Ours((ref FeedOutput o) => o.JsonString(text)));
        }

        var everything = all.ToString();
        Assert.Equal(LibraryJson(everything), Ours((ref FeedOutput o) => o.JsonString(everything)));
    }

    [Fact]
    public void Json_string_matches_the_library_around_blocks_of_three_byte_characters()
    {
        // Three-byte text is written eight characters at a time: every kind of character at every place in and around
        // those blocks, in runs of every length up to three blocks.
        string[] kinds = ["a", "\"", "\\", "\n", "é", "\u07FF", "\u0800", "\u3000", "\u3001", "\u0378", "\u2028", "\uFFFD", "\uFFFF", "\uD83D\uDE00", "中", "ア", "한", "\uE000"];
        for (var length = 0; length <= 24; length++)
        {
            for (var position = 0; position <= length; position++)
            {
                foreach (var kind in kinds)
                {
                    var text = new string('中', position) + kind + new string('文', length - position);
                    Assert.Equal(LibraryJson(text), Ours((ref FeedOutput o) => o.JsonString(text)));
                }
            }
        }
    }

    [Fact]
    public void Json_string_matches_the_library_on_random_mostly_cjk_text()
    {
        // Valid text only, as the writers get it (FeedText.Clean): surrogates come in pairs.
        var random = new Random(20261207);
        string[] others = ["a", " ", "<", "\"", "\\", "\n", "é", "\u3000", "\u3001", "\u0378", "\u2028", "\uFFFF", "\uD83D\uDE00", "\uFF0C"];
        for (var sample = 0; sample < 3000; sample++)
        {
            var text = new StringBuilder();
            for (var k = random.Next(0, 80); k > 0; k--)
            {
                var c = (char)random.Next(0x800, 0x10000);
                text.Append(random.Next(4) == 0 ? others[random.Next(others.Length)] : char.IsSurrogate(c) ? "中" : c.ToString());
            }

            var value = text.ToString();
            Assert.Equal(LibraryJson(value), Ours((ref FeedOutput o) => o.JsonString(value)));
        }
    }

    [Fact]
    public void Output_grows_past_the_first_span_without_losing_bytes()
    {
        var text = string.Concat(Enumerable.Repeat("<p class=\"x\">中文 & more \r\n</p>", 20000));
        Assert.Equal(Library(x => x.WriteString(text)), Ours((ref FeedOutput o) => o.XmlText(text), initial: 1));
    }

    private delegate void Writing(ref FeedOutput output);

    private static string Ours(Writing write, int initial = 16)
    {
        var buffer = new ArrayBufferWriter<byte>(initial);
        var output = new FeedOutput(buffer);
        write(ref output);
        output.Flush();
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static string Library(Action<XmlWriter> write)
    {
        using var stream = new MemoryStream();
        using (var xml = XmlWriter.Create(stream, XmlSettings))
        {
            xml.WriteStartElement("e");
            write(xml);
            xml.WriteEndElement();
        }

        var text = Encoding.UTF8.GetString(stream.ToArray());
        return text.StartsWith("<e a=", StringComparison.Ordinal) ? text[..(text.IndexOf("\" />", StringComparison.Ordinal) + 1)] + ">"
            : text == "<e />" ? "" : text[3..^4];
    }

    private static string LibraryJson(string text)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, JsonOptions))
        {
            json.WriteStringValue(text);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
