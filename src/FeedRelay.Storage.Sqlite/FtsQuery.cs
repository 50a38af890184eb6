using System.Text;

namespace FeedRelay.Storage.Sqlite;

/// <summary>
/// Turns a user's keyword into a safe FTS5 match expression: the whole text as ONE quoted phrase (so no FTS operator, column
/// filter or quote in the input has any effect), with CJK characters split as the index splits them (北约 → "北 约") and the last
/// word matched as a prefix when it is not CJK. Pure.
/// </summary>
internal static class FtsQuery
{
    /// <summary>The match expression for <paramref name="keyword"/>, or null when it holds no letter or digit (matches nothing).</summary>
    public static string? Build(string keyword)
    {
        var text = keyword.Trim();
        Rune? last = null;
        foreach (var rune in text.EnumerateRunes())
        {
            if (Rune.IsLetterOrDigit(rune))
            {
                last = rune;
            }
        }

        if (last is not { } lastLetter)
        {
            return null;
        }

        var phrase = "\"" + CjkTokens.Segment(text).Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        var endsInWord = text.EnumerateRunes().LastOrDefault() is var end && Rune.IsLetterOrDigit(end);
        return endsInWord && !CjkTokens.IsCjk(lastLetter.Value) ? phrase + " *" : phrase;
    }

    /// <summary>The text the index holds for <paramref name="text"/>.</summary>
    public static string IndexText(string? text) => string.IsNullOrEmpty(text) ? "" : CjkTokens.Segment(text);
}
