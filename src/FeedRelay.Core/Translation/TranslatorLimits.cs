namespace FeedRelay.Translation;

/// <summary>The documented per-request limits of Translator v3.</summary>
public static class TranslatorLimits
{
    /// <summary>Most array elements in one request.</summary>
    public const int MaxElements = 1_000;

    /// <summary>Most characters in one request, counted across every target language.</summary>
    public const int MaxCharacters = 50_000;

    /// <summary>Billed characters of <paramref name="text"/>: every Unicode code point, markup included.</summary>
    public static int CountCharacters(string text)
    {
        var count = 0;
        foreach (var _ in text.EnumerateRunes())
        {
            count++;
        }

        return count;
    }
}
