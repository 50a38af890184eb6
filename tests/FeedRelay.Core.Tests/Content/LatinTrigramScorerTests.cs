using System.Text;
using FeedRelay.Content;
using Lingua;

namespace FeedRelay.Tests.Content;

/// <summary>
/// <see cref="LatinTrigramScorer"/> must answer exactly what Lingua answers wherever it answers at all: compared on
/// thousands of windows, mixtures and perturbations of the paragraphs in Content/Languages.
/// </summary>
public sealed class LatinTrigramScorerTests
{
    private static readonly Language[] Candidates = ContentOptions.Default.DetectedLanguages
        .Select(code => LanguageInfo.GetByIsoCode6391(Enum.Parse<IsoCode6391>(code, ignoreCase: true)))
        .ToArray();

    private static readonly Lazy<Lingua.LanguageDetector> Lingua = new(() => LanguageDetectorBuilder.FromLanguages(Candidates).WithLowAccuracyMode().Build());

    private static readonly Lazy<LatinTrigramScorer> Scorer = new(() => LatinTrigramScorer.For(Candidates)!);

    private static readonly Lazy<Dictionary<string, string>> Paragraphs = new(() =>
        Directory.GetFiles(Path.Combine(TestPaths.RepoRoot, "tests", "FeedRelay.Core.Tests", "Content", "Languages"), "*.txt")
            .ToDictionary(path => Path.GetFileNameWithoutExtension(path), path => File.ReadAllText(path).Trim()));

    [Fact]
    public void Answers_what_lingua_answers_on_every_sample_it_answers()
    {
        var random = new Random(20261207);
        var answeredPerLanguage = new Dictionary<string, int>();
        var samples = 0;
        foreach (var (language, paragraph) in Paragraphs.Value)
        {
            foreach (var sample in Samples(random, paragraph, Paragraphs.Value.Values.ToArray(), count: 300))
            {
                samples++;
                if (Scorer.Value.TryDetect(sample, out var answer))
                {
                    Assert.True(LinguaAnswer(sample) == answer, $"'{sample}': Lingua says {LinguaAnswer(sample) ?? "unknown"}, the scorer {answer ?? "unknown"}");
                    answeredPerLanguage[language] = answeredPerLanguage.GetValueOrDefault(language) + 1;
                }
            }
        }

        // Not vacuous: the plain Latin-script paragraphs are mostly answered here, not handed back to Lingua.
        Assert.True(samples >= 3900);
        foreach (var language in (string[])["en", "fr", "es", "it", "nl", "id", "pl", "sv"])
        {
            Assert.True(answeredPerLanguage.GetValueOrDefault(language) >= 100, $"{language}: {answeredPerLanguage.GetValueOrDefault(language)} of 300 answered");
        }
    }

    [Fact]
    public void Answers_whole_paragraphs_in_their_language()
    {
        foreach (var language in (string[])["en", "fr", "es", "it", "nl", "id"])
        {
            Assert.True(Scorer.Value.TryDetect(Paragraphs.Value[language], out var answer), language);
            Assert.Equal(language, answer);
        }
    }

    [Theory]
    [InlineData("Die Straße wurde gestern gesperrt, weil die Brücke repariert wird.")] // ß: German's unique letter
    [InlineData("Thành phố đã thông qua ngân sách mới vào tối thứ Ba.")] // Vietnamese tone letters
    [InlineData("Городской совет утвердил новый бюджет.")] // not Latin
    [InlineData("The council met in Αθήνα today and approved the budget.")] // Greek letters
    [InlineData("The council met today and approved the budget \u0E31.")] // a Thai mark: a script Lingua's rules know
    [InlineData("ção ção ção ção são não")] // accents in over half the words: Lingua's letter table may narrow
    [InlineData("12345 !!! ---")] // no letters
    public void Declines_samples_on_which_linguas_rules_or_letter_table_may_decide(string sample)
    {
        Assert.False(Scorer.Value.TryDetect(sample, out _));
    }

    [Fact]
    public void A_model_file_that_cannot_be_read_leaves_every_sample_to_lingua()
    {
        using var models = TestPaths.NewTempFolder();
        Directory.CreateDirectory(Path.Combine(models.Path, "en"));
        File.WriteAllText(Path.Combine(models.Path, "en", "trigrams.json.br"), "not brotli");

        Assert.Null(LatinTrigramScorer.For(Candidates, models.Path));
    }

    [Fact]
    public void Without_latin_candidates_there_is_no_scorer()
    {
        Assert.Null(LatinTrigramScorer.For([Language.Russian, Language.Arabic]));
    }

    [Fact]
    public void With_one_latin_candidate_it_is_the_answer_as_linguas_filter_makes_it()
    {
        Language[] candidates = [Language.English, Language.Russian];
        var lingua = LanguageDetectorBuilder.FromLanguages(candidates).WithLowAccuracyMode().Build();
        var scorer = LatinTrigramScorer.For(candidates)!;

        foreach (var sample in (string[])["Le conseil municipal a adopté le budget.", "ab", "x"])
        {
            Assert.True(scorer.TryDetect(sample, out var answer));
            Assert.Equal(lingua.DetectLanguageOf(sample).IsoCode6391().ToString().ToLowerInvariant(), answer);
        }
    }

    private static string? LinguaAnswer(string sample) => Lingua.Value.DetectLanguageOf(sample) is var language && language == Language.Unknown
        ? null
        : language.IsoCode6391().ToString().ToLowerInvariant();

    /// <summary>Windows of <paramref name="paragraph"/>, some mixed with another language's words, some perturbed.</summary>
    private static IEnumerable<string> Samples(Random random, string paragraph, string[] all, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var length = random.Next(4) switch { 0 => random.Next(1, 12), 1 => random.Next(12, 60), _ => random.Next(60, 420) };
            var start = random.Next(Math.Max(1, paragraph.Length - length));
            var sample = paragraph.Substring(start, Math.Min(length, paragraph.Length - start));
            if (random.Next(5) == 0)
            {
                sample = Mix(random, sample, all[random.Next(all.Length)]);
            }

            yield return random.Next(3) == 0 ? Perturb(random, sample) : sample;
        }
    }

    private static string Mix(Random random, string sample, string other)
    {
        var words = sample.Split(' ');
        var others = other.Split(' ');
        return string.Join(' ', words.Select(w => random.Next(3) == 0 ? others[random.Next(others.Length)] : w));
    }

    /// <summary>Upper case, digits, punctuation and odd whitespace: what Lingua's clean-up removes or folds.</summary>
    private static string Perturb(Random random, string sample)
    {
        string[] noise = [.. "0123456789.,;:!?()[]«»\"'—–-/\t\n\u00A0\u2009 $£€©®™+=|~^`°×\u00AD\u200B\u0301\uD83C".Select(c => c.ToString()), "🎉", "𝐀"];
        var text = new StringBuilder();
        foreach (var c in sample)
        {
            text.Append(random.Next(8) == 0 ? char.ToUpperInvariant(c) : c);
            if (random.Next(10) == 0)
            {
                text.Append(noise[random.Next(noise.Length)]);
            }
        }

        return random.Next(4) == 0 ? noise[random.Next(noise.Length)] + " " + text : text.ToString();
    }
}
