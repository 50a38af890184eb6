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
