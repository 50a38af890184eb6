using System.Globalization;
using System.Text;
using Lingua;

namespace FeedRelay.Content;

/// <summary>
/// Detects an article's language as a BCP 47 tag. Han, kana and Hangul text is decided by script counts
/// (hand-written: <c>ja</c> by kana, <c>ko</c> by Hangul, <c>zh-Hans</c>/<c>zh-Hant</c> by <see cref="HanVariants"/>),
/// since the served detector (Lingua) cannot tell Simplified from Traditional Chinese; other scripts go to Lingua,
/// restricted to <see cref="ContentOptions.DetectedLanguages"/>, plain Latin-script text through
/// <see cref="LatinTrigramScorer"/> (Lingua's decision from Lingua's models, faster). Thread-safe; never throws.
/// </summary>
public sealed class LanguageDetector
{
    /// <summary>
    /// Only the start is looked at: it is the article's own language, while the end often holds a translation,
    /// an embedded widget or boilerplate in another script. Lingua's time grows with the sample; 400 characters (a
    /// paragraph, well above the 120 Lingua's low-accuracy mode needs) decide every seed of the corpora as 1,000 did.
    /// </summary>
    private const int SampleLength = 400;

    /// <summary>
    /// The candidates, mapped to Lingua's languages on the first sample that needs them: the mapping runs Lingua's static
    /// language tables (tens of milliseconds at a cold start), which a process that never detects a language (a server
    /// with nothing to ingest) should not pay for.
    /// </summary>
    private readonly Lazy<Candidates> _candidates;

    /// <summary>Creates a detector for the languages in <paramref name="options"/>.</summary>
    public LanguageDetector(ContentOptions? options = null)
    {
        var codes = (options ?? ContentOptions.Default).DetectedLanguages.ToArray();
        _candidates = new Lazy<Candidates>(() => Candidates.Of(LinguaLanguages(codes)), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The language of <paramref name="text"/> (plain text), or null when there is too little to tell.</summary>
    public string? Detect(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return DetectSample(text.Length > SampleLength ? text[..SampleLength] : text);
    }

    /// <summary>
    /// <see cref="Detect(string?)"/> of <paramref name="title"/>, a line break and <paramref name="text"/>, copying only the
    /// characters looked at instead of the whole text.
    /// </summary>
    public string? Detect(string? title, string? text)
    {
        (title, text) = (title ?? "", text ?? "");
        var sample = title.Length >= SampleLength
            ? title[..SampleLength]
            : string.Concat(title.AsSpan(), "\n", text.AsSpan(0, Math.Min(text.Length, SampleLength - title.Length - 1)));

        // Whitespace beyond the sample changes nothing: a sample without letters is undecided either way.
        return string.IsNullOrWhiteSpace(sample) ? null : DetectSample(sample);
    }

    private string? DetectSample(string sample)
    {
        var counts = ScriptCounts.Of(sample);
        if (counts.Letters == 0)
        {
            return null;
        }

        // One CJK character carries about as much as a short Latin word, so CJK wins at a third of the letters.
        if (counts.Cjk * 3 >= counts.Letters)
        {
            return DetectCjk(counts);
        }

        return DetectOther(sample);
    }

    /// <summary>The decision among Chinese, Japanese and Korean from script counts alone.</summary>
    internal static string DetectCjk(ScriptCounts counts)
    {
        if (counts.Hangul * 4 >= counts.Cjk)
        {
            return "ko";
        }

        // Chinese text practically never has kana; Japanese prose is a third or more kana, so a twentieth is a safe line.
        if (counts.Kana >= 3 && counts.Kana * 20 >= counts.Cjk)
        {
            return "ja";
        }

        return counts.Traditional > counts.Simplified ? "zh-Hant" : counts.Simplified > counts.Traditional ? "zh-Hans" : "zh";
    }

    private string? DetectOther(string sample)
    {
        var candidates = _candidates.Value;
        if (candidates.OnlyLanguage is not null || candidates.Lingua is not { } lingua)
        {
            return candidates.OnlyLanguage;
        }

        if (candidates.Latin?.TryDetect(sample, out var code) == true)
        {
            return code;
        }

        // Articles are long texts, for which Lingua's low-accuracy mode (trigram models only) is as good and far lighter.
        var language = lingua.DetectLanguageOf(sample);
        return language == Language.Unknown ? null : IsoCode(language);
    }

    private static string IsoCode(Language language) => language.IsoCode6391().ToString().ToLowerInvariant();

    private static Language[] LinguaLanguages(IReadOnlyList<string> codes) =>
        codes.Select(code => Enum.TryParse<IsoCode6391>(code, ignoreCase: true, out var iso) ? LanguageInfo.GetByIsoCode6391(iso) : Language.Unknown)
            .Where(language => language != Language.Unknown)
            .Distinct()
            .ToArray();

    /// <summary>The configured languages as Lingua knows them.</summary>
    /// <param name="OnlyLanguage">With a single candidate there is nothing to tell apart: non-CJK text is taken to be in it.</param>
    /// <param name="Lingua">Lingua over two or more candidates (its models load on its first detection), else null.</param>
    /// <param name="Latin">Lingua's decision for plain Latin-script samples, reached faster (with <paramref name="Lingua"/> only).</param>
    private sealed record Candidates(string? OnlyLanguage, Lingua.LanguageDetector? Lingua, LatinTrigramScorer? Latin)
    {
        public static Candidates Of(Language[] languages) => languages.Length < 2
            ? new(languages.Length == 1 ? IsoCode(languages[0]) : null, null, null)
            : new(null, LanguageDetectorBuilder.FromLanguages(languages).WithLowAccuracyMode().Build(), LatinTrigramScorer.For(languages));
    }
}

/// <summary>Letter counts per script of one text.</summary>
internal readonly record struct ScriptCounts(int Han, int Kana, int Hangul, int OtherLetters, int Simplified, int Traditional)
{
    /// <summary>Han, kana and Hangul characters together.</summary>
    public int Cjk => Han + Kana + Hangul;

    /// <summary>All letters.</summary>
    public int Letters => Cjk + OtherLetters;

    /// <summary>Counts the letters of <paramref name="text"/>.</summary>
    public static ScriptCounts Of(string text)
    {
        int han = 0, kana = 0, hangul = 0, other = 0, simplified = 0, traditional = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            var v = rune.Value;
            if (v is >= 0x3040 and <= 0x30FF or >= 0x31F0 and <= 0x31FF or >= 0xFF66 and <= 0xFF9D)
            {
                // The prolonged-sound mark and middle dot also appear in Chinese transliterations; they are not kana evidence.
                if (v is not (0x30FB or 0x30FC))
                {
                    kana++;
                }
            }
            else if (v is >= 0xAC00 and <= 0xD7AF or >= 0x1100 and <= 0x11FF or >= 0x3130 and <= 0x318F)
            {
                hangul++;
            }
            else if (v is >= 0x4E00 and <= 0x9FFF or >= 0x3400 and <= 0x4DBF or >= 0xF900 and <= 0xFAFF or >= 0x20000 and <= 0x3FFFF)
            {
                han++;
                if (rune.IsBmp)
                {
                    simplified += HanVariants.IsSimplified((char)v) ? 1 : 0;
                    traditional += HanVariants.IsTraditional((char)v) ? 1 : 0;
                }
            }
            else if (Rune.IsLetter(rune))
            {
                other++;
            }
        }

        return new ScriptCounts(han, kana, hangul, other, simplified, traditional);
    }
}
