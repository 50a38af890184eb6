using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace FeedRelay.Translation;

/// <summary>One text to translate, normalised so that the same text from any source has the same cache key.</summary>
public sealed partial record TranslationSegment
{
    private TranslationSegment(string text, TextType type)
    {
        Text = text;
        Type = type;
        Characters = TranslatorLimits.CountCharacters(text);
    }

    /// <summary>The normalised text, exactly as it is sent.</summary>
    public string Text { get; }

    /// <summary>Plain text or HTML.</summary>
    public TextType Type { get; }

    /// <summary>Billed characters (Unicode code points, markup included).</summary>
    public int Characters { get; }

    /// <summary>A segment of <paramref name="text"/>: Unicode NFC, LF line ends, trimmed; plain text also has its whitespace runs collapsed.</summary>
    public static TranslationSegment Of(string text, TextType type)
    {
        var normalised = text.Normalize(NormalizationForm.FormC).Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
        if (type == TextType.Plain)
        {
            normalised = Whitespace().Replace(normalised, " ");
        }

        return new TranslationSegment(normalised, type);
    }

    /// <summary>The cache key of this segment in <paramref name="targetLanguage"/>: a SHA-256 of language, type and text.</summary>
    public string KeyFor(string targetLanguage) =>
        Hash(targetLanguage.ToLowerInvariant() + "\n" + (Type == TextType.Html ? "html" : "plain") + "\n" + Text);

    /// <summary>Lower-case hex SHA-256 of <paramref name="text"/> in UTF-8.</summary>
    public static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
