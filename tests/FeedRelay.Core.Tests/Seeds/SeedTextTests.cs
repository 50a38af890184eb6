using System.Text;
using FeedRelay.Seeds;

namespace FeedRelay.Tests.Seeds;

public sealed class SeedTextTests
{
    static SeedTextTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    // Traditional Chinese, so that Big5 can hold every character.
    private static string TraditionalSeed => File.ReadAllText(Path.Combine(TestPaths.Fixtures, "jekyll", "oped2-huli-2021-06-25.md"));

    private static string SimplifiedSeed => File.ReadAllText(Path.Combine(TestPaths.Fixtures, "link-header", "duty-news-2020-voa-1047806.md"));

    private static string Decode(byte[] bytes)
    {
        Assert.True(SeedText.TryDecode(bytes, out var text, out var error), error?.Message);
        return text;
    }

    [Fact]
    public void Utf8_with_and_without_bom_and_utf16_with_bom_decode_to_the_same_text()
    {
        var text = SimplifiedSeed;

        Assert.Equal(text, Decode(Encoding.UTF8.GetBytes(text)));
        Assert.Equal(text, Decode([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text)]));
        Assert.Equal(text, Decode([.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(text)]));
        Assert.Equal(text, Decode([.. Encoding.BigEndianUnicode.GetPreamble(), .. Encoding.BigEndianUnicode.GetBytes(text)]));
    }

    [Fact]
    public void Gb18030_without_bom_is_detected()
    {
        var text = SimplifiedSeed;

        Assert.Equal(text, Decode(Encoding.GetEncoding("GB18030").GetBytes(text)));
    }

    [Fact]
    public void Big5_without_bom_is_detected()
    {
        var big5 = Encoding.GetEncoding("big5");
        // The few characters Big5 lacks (a narrow no-break space) become '?' both ways.
        var text = big5.GetString(big5.GetBytes(TraditionalSeed));

        Assert.Equal(text, Decode(big5.GetBytes(text)));
    }

    [Fact]
    public void Legacy_encoded_seed_parses_like_the_utf8_one()
    {
        var text = SimplifiedSeed;

        var fromUtf8 = SeedParser.Parse(Encoding.UTF8.GetBytes(text));
        var fromGb = SeedParser.Parse(Encoding.GetEncoding("GB18030").GetBytes(text));

        Assert.True(fromGb.IsSuccess, fromGb.Error?.Message);
        Assert.Equal(fromUtf8.Seed, fromGb.Seed);
    }

    [Fact]
    public void A_few_damaged_bytes_in_utf8_are_replaced_not_rejected()
    {
        var bytes = Encoding.UTF8.GetBytes(SimplifiedSeed);
        bytes[200] = 0xFF;

        Assert.Contains('\uFFFD', Decode(bytes));
    }

    [Fact]
    public void Characters_xml_forbids_are_removed()
    {
        var prose = new string('x', 100);
        Assert.Equal(prose + "ab\tc\n", Decode(Encoding.UTF8.GetBytes(prose + "a\u0001b\u0008\t\uFFFEc\n")));
    }

    [Theory]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x00, 0x01 }, "seed.binary")]
    [InlineData(new byte[] { 0x01, 0x02, 0x03, 0x04, 0x41, 0x42 }, "seed.binary")]
    [InlineData(new byte[] { 0x20, 0x0A, 0x20 }, "seed.empty")]
    [InlineData(new byte[] { }, "seed.empty")]
    public void Non_text_is_rejected_with_a_named_error(byte[] bytes, string code)
    {
        Assert.False(SeedText.TryDecode(bytes, out _, out var error));
        Assert.Equal(code, error?.Code);
    }

    [Fact]
    public void Forbidden_characters_are_removed_exactly_as_a_character_by_character_filter_would()
    {
        char[] alphabet = ['a', ' ', '\t', '\n', '\r', '\0', '\u0001', '\u001F', '\u007F', '\u4E2D', '\uD7FF', '\uD83D', '\uDE00', '\uE000', '\uFFFD', '\uFFFE', '\uFFFF'];
        var random = new Random(16);
        for (var round = 0; round < 5000; round++)
        {
            var text = new string(Enumerable.Range(0, random.Next(0, 80)).Select(_ => random.Next(4) == 0 ? alphabet[random.Next(alphabet.Length)] : 'x').ToArray());

            Assert.Equal(Reference(text), SeedText.StripXmlForbidden(text));
        }

        static string Reference(string text)
        {
            var kept = new System.Text.StringBuilder();
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    kept.Append(c).Append(text[++i]);
                }
                else if (c is '\t' or '\n' or '\r' || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD))
                {
                    kept.Append(c);
                }
            }

            return kept.ToString();
        }
    }
}
