using System.Text;
using System.Xml;
using CsCheck;
using FeedRelay.Feeds;

namespace FeedRelay.Tests.Feeds;

public sealed class FeedTextTests
{
    // Characters around every boundary the vectorised scans use: controls (C0, DEL, C1), surrogates of both kinds, U+FFFD..U+FFFF.
    private static readonly char[] Alphabet =
        ['a', '中', '\t', '\n', '\r', '\u0000', '\u0001', '\u001F', '\u0020', '\u007E', '\u007F', '\u0080', '\u0085', '\u009F', '\u00A0', '\uD7FF', '\uD800', '\uDBFF', '\uDC00', '\uDFFF', '\uE000', '\uFFFD', '\uFFFE', '\uFFFF', '\uFF0C'];

    [Fact]
    public void Clean_keeps_exactly_the_characters_XML_allows_except_DEL_and_the_C1_controls() =>
        Gen.Int[0, Alphabet.Length - 1].Array[0, 80]
            .Select(indexes => new string(indexes.Select(i => Alphabet[i]).ToArray()))
            .Sample(text => Assert.Equal(Reference(text), FeedText.Clean(text)), iter: 20000);

    [Fact]
    public void Clean_returns_clean_text_itself()
    {
        var text = string.Concat(Enumerable.Repeat("<p>中文 text \U0001F600\r\n\t</p>", 1000));
        Assert.Same(text, FeedText.Clean(text));
    }

    [Theory]
    [InlineData("NEL\u0085 C1\u0091 DEL\u007F end", "NEL C1 DEL end")]
    [InlineData("\u0080\u009F", "")]
    [InlineData("nbsp\u00A0 kept", "nbsp\u00A0 kept")]
    public void Clean_drops_DEL_and_the_C1_controls(string text, string expected) => Assert.Equal(expected, FeedText.Clean(text));

    /// <summary>The definition, one character at a time.</summary>
    private static string Reference(string text)
    {
        var clean = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                clean.Append(text, i, 2);
                i++;
            }
            else if (XmlConvert.IsXmlChar(text[i]) && text[i] is not (>= '\u007F' and <= '\u009F'))
            {
                clean.Append(text[i]);
            }
        }

        return clean.ToString();
    }
}
