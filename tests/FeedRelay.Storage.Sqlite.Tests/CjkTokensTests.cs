using FeedRelay.Storage;
using FeedRelay.Storage.Sqlite;

namespace FeedRelay.Tests.Storage;

public sealed class CjkTokensTests
{
    [Theory]
    [InlineData("北约峰会", "北 约 峰 会")]
    [InlineData("NATO北约2023年峰会", "NATO 北 约 2023 年 峰 会")]
    [InlineData("带你深入：北约“空中卫士23”", "带 你 深 入 ： 北 约 “ 空 中 卫 士 23”")]
    [InlineData("日本語のテキスト", "日 本 語 の テ キ ス ト")]
    [InlineData("한국어 뉴스", "한 국 어 뉴 스")]
    [InlineData("𠀋字", "𠀋 字")]
    [InlineData("plain English, unchanged", "plain English, unchanged")]
    [InlineData("", "")]
    public void Segment_puts_every_cjk_character_in_a_word_of_its_own(string text, string expected) =>
        Assert.Equal(expected, CjkTokens.Segment(text));

    [Theory]
    [InlineData("北约", "\"北 约\"")]
    [InlineData("约", "\"约\"")]
    [InlineData("Vilnius", "\"Vilnius\" *")]
    [InlineData("talks in Vilnius", "\"talks in Vilnius\" *")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("NEAR(a b)", "\"NEAR(a b)\"")]
    [InlineData("北约 summit", "\"北 约 summit\" *")]
    [InlineData("\"", null)]
    [InlineData("  * - ", null)]
    [InlineData("a", "\"a\"")] // too short to be a prefix: "a*" matches most of an archive
    [InlineData("talks in EU", "\"talks in EU\"")]
    [InlineData("abc", "\"abc\" *")]
    [InlineData("a\u0000b\tc", "\"a b c\"")] // FTS5 refuses a NUL ("unterminated string"); control characters are spaces
    [InlineData("\u0000", null)]
    public void Fts_queries_are_one_quoted_phrase_with_a_prefix_on_a_last_word(string keyword, string? expected) =>
        Assert.Equal(expected, FtsQuery.Build(keyword));
}
