using System.Globalization;
using System.Text;
using CsCheck;
using FeedRelay.Content;

namespace FeedRelay.Tests.Content;

public sealed class SummaryTests
{
    [Fact]
    public void Plain_text_collapses_white_space_and_separates_blocks()
    {
        Assert.Equal("Title One two three. Next", Summary.PlainText("<h2>Title</h2><p>One\n  two&nbsp;\tthree.</p><p>Next</p>"));
        Assert.Equal("a b", Summary.PlainText("a<br>b"));
        Assert.Equal("", Summary.PlainText("  <p> </p> "));
    }

    [Fact]
    public void Entities_are_decoded_exactly_once()
    {
        Assert.Equal("Tom & Jerry &lt;b&gt;", Summary.PlainText("<p>Tom &amp; Jerry &amp;lt;b&amp;gt;</p>"));
    }

    [Fact]
    public void Captions_and_invisible_characters_are_left_out()
    {
        Assert.Equal("正文开始。", Summary.PlainText("<figure><img src=\"https://a.example/1.jpg\"><figcaption>图片说明</figcaption></figure><p>正\u200b文开始。</p>"));
    }

    [Fact]
    public void Latin_text_is_cut_at_a_word_boundary_near_280_characters()
    {
        var words = string.Join(" ", Enumerable.Range(0, 100).Select(i => "word" + i));

        var summary = Summary.Make("<p>" + words + "</p>");

        Assert.EndsWith("…", summary, StringComparison.Ordinal);
        Assert.InRange(summary.Length, 250, 281);
        Assert.StartsWith(summary[..^1], words, StringComparison.Ordinal);
        Assert.Contains(words[summary.Length - 1], " ");
    }

    [Fact]
    public void Cjk_text_is_cut_near_140_characters()
    {
        var text = string.Concat(Enumerable.Repeat("俄罗斯星期四拂晓前向多个乌克兰城市发射导弹", 20));

        var summary = Summary.Make(text);

        Assert.Equal(141, summary.Length);
        Assert.Equal(text[..140] + "…", summary);
    }

    [Fact]
    public void Short_text_is_returned_whole()
    {
        Assert.Equal("短消息。", Summary.Make("<p>短消息。</p>"));
    }

    [Fact]
    public void A_cut_never_splits_a_surrogate_pair_or_an_emoji_sequence()
    {
        var text = string.Concat(Enumerable.Repeat("😀", 200)) + string.Concat(Enumerable.Repeat("👩‍👩‍👧", 10));

        var summary = Summary.Cut(text, 100);

        Assert.EndsWith("…", summary, StringComparison.Ordinal);
        Assert.True(IsWellFormed(summary));
    }

    [Fact]
    public void A_long_unbroken_token_is_cut_at_a_character_rather_than_wasting_the_budget()
    {
        var summary = Summary.Cut("See https://example.org/" + new string('a', 1000), 280);

        Assert.InRange(summary.Length, 270, 281);
    }

    [Fact]
    public void Summaries_never_throw_and_stay_well_formed_and_bounded()
    {
        var fragments = Gen.OneOf<string>("中文", "字", " ", "word", "<p>", "</p>", "<br>", "&amp;", "&#x1F600;", "😀", "\u0301", "\ud800", "、", ".", "\n", "<figcaption>x</figcaption>");
        var texts = Gen.OneOf(Gen.String[Gen.Char, 0, 600], fragments.Array[0, 300].Select(string.Concat));
        Gen.Select(texts, Gen.Int[1, 400])
            .Sample(sample =>
            {
                var (text, length) = sample;
                var summary = Summary.Make(text, length);
                var plain = Summary.PlainText(text);
                var graphemes = new System.Globalization.StringInfo(summary).LengthInTextElements;
                return IsWellFormed(summary) && summary.Length <= plain.Length + 1
                       && (summary == plain || (summary.EndsWith('…') && graphemes <= length + 1 && plain.StartsWith(summary[..^1], StringComparison.Ordinal)));
            }, iter: 2000);
    }

    [Fact]
    public void Joiners_are_kept_as_spelling_and_other_zero_width_characters_dropped()
    {
        Assert.Equal("می\u200Cخواهم", Summary.PlainText("<p>می\u200Cخواهم</p>")); // Persian: the non-joiner is spelling
        Assert.Equal("👩\u200D💻 code", Summary.PlainText("<p>👩\u200D💻 co\u200Bde\uFEFF</p>")); // an emoji sequence stays whole
    }

    [Fact]
    public void Lone_surrogates_in_the_input_are_dropped()
    {
        Assert.Equal("ab", Summary.PlainText("a\ud800b\udc00"));
    }

    [Fact]
    public void Collapsing_a_run_at_a_time_gives_what_the_character_by_character_rule_gives()
    {
        var special = Gen.OneOf<char>(' ', '\n', '\t', '\u00A0', '\u3000', '\u200B', '\u200C', '\u200D', '\u00AD', '\uFEFF', '\u0000', '\u0085', '\u2028', '\ud83d', '\ude00', '\ud800', '\udc00', 'a', '中');
        Gen.OneOf(Gen.String[Gen.Char, 0, 200], special.Array[0, 80].Select(chars => new string(chars)))
            .Sample(text => Assert.Equal(CollapseOneByOne(text), Summary.Collapse(text)), iter: 5000);
    }

    /// <summary>The rule as first written: one character at a time.</summary>
    private static string CollapseOneByOne(string text)
    {
        var builder = new StringBuilder(text.Length);
        var space = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsSurrogate(c) && !(char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                && (!char.IsLowSurrogate(c) || i == 0 || !char.IsHighSurrogate(text[i - 1])))
            {
                continue;
            }

            if (char.IsWhiteSpace(c) || (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format && c is not ('\u200C' or '\u200D')) || char.IsControl(c))
            {
                space |= builder.Length > 0 && (char.IsWhiteSpace(c) || char.IsControl(c));
                continue;
            }

            if (space)
            {
                builder.Append(' ');
                space = false;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    private static bool IsWellFormed(string text) => Encoding.UTF8.GetByteCount(text) == new UTF8Encoding(false, true).GetByteCount(text) && !HasLoneSurrogate(text);

    private static bool HasLoneSurrogate(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return true;
            }
        }

        return false;
    }
}
