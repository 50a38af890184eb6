using System.Text;

namespace FeedRelay.Storage.Sqlite;

/// <summary>
/// Turns a user's keyword into a safe FTS5 match expression: the whole text as ONE quoted phrase (so no FTS operator, column
/// filter or quote in the input has any effect; control characters, which FTS5's parser refuses, are spaces), with CJK
/// characters split as the index splits them (北约 → "北 约") and the last word matched as a prefix when it is not CJK and has
/// at least <see cref="MinPrefixLength"/> letters (a prefix of one or two letters matches a large part of any archive). Pure.
/// </summary>
internal static class FtsQuery
{
    /// <summary>The fewest letters or digits a last word needs to be matched as a prefix.</summary>
    public const int MinPrefixLength = 3;

    /// <summary>The match expression for <paramref name="keyword"/>, or null when it holds no letter or digit (matches nothing).</summary>
    public static string? Build(string keyword)
    {
        var text = string.Create(keyword.Length, keyword, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = char.IsControl(source[i]) ? ' ' : source[i];
            }
        }).Trim();
        // One pass: the last letter or digit, and how many letters or digits the text ends with.
        Rune? last = null;
        var lastWord = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            var letter = Rune.IsLetterOrDigit(rune);
            last = letter ? rune : last;
            lastWord = letter ? lastWord + 1 : 0;
        }

        if (last is not { } lastLetter)
        {
            return null;
        }

        var phrase = "\"" + CjkTokens.Segment(text).Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        return lastWord >= MinPrefixLength && !CjkTokens.IsCjk(lastLetter.Value) ? phrase + " *" : phrase;
    }

    /// <summary>The text the index holds for <paramref name="text"/>.</summary>
    public static string IndexText(string? text) => string.IsNullOrEmpty(text) ? "" : CjkTokens.Segment(text);
}
