using System.Buffers;
using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using Lingua;

namespace FeedRelay.Content;

/// <summary>
/// Lingua's own low-accuracy decision among the Latin-script candidates, reached about fifteen times faster: the same
/// models (Lingua's trigram files, and its bigram and unigram files for a trigram a language lacks, as Lingua falls back)
/// merged into one table per n-gram length, so that each n-gram of a sample is looked up once for all languages instead
/// of once per language, and without Lingua's per-call thread-pool work item.
/// </summary>
/// <remarks>
/// Hand-written because Lingua 2.0 looks an n-gram up per language through a concurrent dictionary and a frozen
/// dictionary (about 0.5 ms for a 400-character sample on the 2-core VM: more than parsing the article's HTML).
/// It answers only samples on which Lingua's rule stage provably says nothing, and declines the rest for Lingua to decide:
/// every letter is Latin (a-z and the Latin-1, Extended-A and Extended Additional letters), no candidate's unique
/// characters appear (German ß, the Vietnamese tone letters), and too few accented letters for Lingua's
/// letter-to-language table to narrow the candidates (it needs one in half the words). Where it answers, it answers what
/// Lingua answers; <c>LatinTrigramScorerTests</c> compares the two on thousands of samples.
/// Immutable after construction; thread-safe.
/// </remarks>
internal sealed class LatinTrigramScorer
{
    /// <summary>The languages, one column each, in the configured order (Lingua's order for exact ties).</summary>
    private readonly string[] _codes;

    /// <summary>Per n-gram order (index 0: unigrams), the row of each n-gram, keyed by its packed characters.</summary>
    private readonly Dictionary<ulong, int>[] _rows;

    /// <summary>Per n-gram order, row-major natural logarithms of the probabilities; NaN where a language lacks the n-gram.</summary>
    private readonly double[][] _logs;

    /// <summary>The candidates' unique characters: Lingua's rules decide a sample holding one.</summary>
    private readonly SearchValues<char> _uniqueCharacters;

    private LatinTrigramScorer(string[] codes, Dictionary<ulong, int>[] rows, double[][] logs, SearchValues<char> uniqueCharacters)
    {
        (_codes, _rows, _logs, _uniqueCharacters) = (codes, rows, logs, uniqueCharacters);
    }

    /// <summary>
    /// A scorer for the Latin-script languages among <paramref name="candidates"/>, reading Lingua's models from
    /// <paramref name="modelsDirectory"/> (Lingua's default when null); null when there is no Latin-script candidate or a
    /// model file cannot be read (then Lingua decides every sample, as before this scorer).
    /// </summary>
    public static LatinTrigramScorer? For(IReadOnlyList<Language> candidates, string? modelsDirectory = null)
    {
        var latin = LanguageInfo.AllWithLatinScript();
        var languages = candidates.Where(latin.Contains).ToArray();
        if (languages.Length == 0)
        {
            return null;
        }

        modelsDirectory ??= Path.Combine(AppContext.BaseDirectory, "Lingua", "LanguageModels");
        var codes = languages.Select(l => l.IsoCode6391().ToString().ToLowerInvariant()).ToArray();
        var rows = new Dictionary<ulong, int>[3];
        var logs = new double[3][];
        try
        {
            foreach (var (order, name) in new[] { (1, "unigrams"), (2, "bigrams"), (3, "trigrams") })
            {
                (rows[order - 1], logs[order - 1]) = Merge(codes.Select(code => Read(Path.Combine(modelsDirectory, code, name + ".json.br"), order)).ToArray());
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or JsonException or FormatException
            or OverflowException or InvalidOperationException or ArgumentException)
        {
            return null;
        }

        var unique = SearchValues.Create(string.Concat(candidates.Select(l => l.UniqueCharacters())));
        return new LatinTrigramScorer(codes, rows, logs, unique);
    }

    /// <summary>
    /// Lingua's answer for <paramref name="sample"/> (an ISO 639-1 code, or null for "unknown") when the sample is one
    /// this scorer answers exactly; false when Lingua must decide.
    /// </summary>
    public bool TryDetect(string sample, out string? language)
    {
        language = null;
        var length = sample.Length;
        var buffer = length <= 1024 ? stackalloc char[length] : new char[length];
        if (!TryCleanUp(sample, buffer, out var written))
        {
            return false;
        }

        var text = buffer[..written];
        if (text.ContainsAny(_uniqueCharacters))
        {
            return false; // Lingua's rules decide.
        }

        if (_codes.Length == 1)
        {
            language = _codes[0]; // Lingua's filter leaves one candidate: it answers without scoring.
            return true;
        }

        if (text.Length < 3)
        {
            return true; // Lingua's low-accuracy mode does not score fewer than three characters.
        }

        language = Decide(Sums(text));
        return true;
    }

    /// <summary>
    /// Lingua's clean-up (trimmed, lower-cased, punctuation and digits removed, whitespace runs as one space), refusing
    /// text that holds a non-Latin letter or a non-letter of a script Lingua's rules know, that has no letter at all, or
    /// whose accented letters could let Lingua's letter table narrow the candidates.
    /// </summary>
    private bool TryCleanUp(string sample, Span<char> into, out int written)
    {
        written = 0;
        int start = 0, end = sample.Length;
        while (start < end && char.IsWhiteSpace(sample[start]))
        {
            start++;
        }

        while (end > start && char.IsWhiteSpace(sample[end - 1]))
        {
            end--;
        }

        var space = false;
        int words = 0, accents = 0, wordStart = 0, letters = 0;
        for (var i = start; i < end; i++)
        {
            var c = sample[i];
            if (char.IsWhiteSpace(c))
            {
                space = true;
                continue;
            }

            // Lingua lower-cases a surrogate pair as one rune and keeps it; to every later stage it is a non-letter.
            var lower = char.IsSurrogate(c) ? c : char.ToLowerInvariant(c);
            if (!char.IsSurrogate(c) && (char.IsPunctuation(lower) || char.IsNumber(lower)))
            {
                continue;
            }

            var letter = IsLatinLetter(lower);
            if (!letter && (char.IsLetter(lower) || !IsWithoutScript(lower)))
            {
                return false;
            }

            // As Lingua writes it: a pending space before the next kept character, even the first.
            if (space)
            {
                into[written++] = ' ';
                space = false;
            }

            if (written == 0 || into[written - 1] == ' ')
            {
                words++;
                wordStart = written;
            }

            // Each accented letter new to its word can add one to a language's count in Lingua's letter table.
            if (letter && lower > '\u007F' && into[wordStart..written].IndexOf(lower) < 0)
            {
                accents++;
            }

            letters += letter ? 1 : 0;
            into[written++] = lower;
        }

        if (space)
        {
            into[written++] = ' ';
        }

        // Without letters Lingua answers "unknown" before any rule (left to it). It narrows the candidates to a language
        // counted in at least half the words; fewer accents cannot reach that.
        return letters > 0 && accents * 2 < words;
    }

    /// <summary>Per language, the sum of the log-probabilities of the sample's distinct trigrams (or their prefixes).</summary>
    private double[] Sums(ReadOnlySpan<char> text)
    {
        var width = _codes.Length;
        var sums = new double[width];
        var seen = new HashSet<ulong>();
        for (var i = 0; i + 3 <= text.Length; i++)
        {
            if (!IsLatinLetter(text[i]) || !IsLatinLetter(text[i + 1]) || !IsLatinLetter(text[i + 2]) || !seen.Add(Pack(text.Slice(i, 3))))
            {
                continue;
            }

            var trigram = RowOf(2, text.Slice(i, 3));
            int bigram = -2, unigram = -2; // looked up only when some language lacks the longer n-gram
            for (var column = 0; column < width; column++)
            {
                var log = trigram >= 0 ? _logs[2][trigram * width + column] : double.NaN;
                if (double.IsNaN(log))
                {
                    bigram = bigram == -2 ? RowOf(1, text.Slice(i, 2)) : bigram;
                    log = bigram >= 0 ? _logs[1][bigram * width + column] : double.NaN;
                }

                if (double.IsNaN(log))
                {
                    unigram = unigram == -2 ? RowOf(0, text.Slice(i, 1)) : unigram;
                    log = unigram >= 0 ? _logs[0][unigram * width + column] : double.NaN;
                }

                if (!double.IsNaN(log))
                {
                    sums[column] += log;
                }
            }
        }

        return sums;
    }

    /// <summary>Lingua's decision from the sums: a language scores only with a negative sum; a tie at the top is unknown.</summary>
    private string? Decide(double[] sums)
    {
        var exponentials = new double[sums.Length];
        double denominator = 0;
        var scored = false;
        for (var i = 0; i < sums.Length; i++)
        {
            if (sums[i] < 0)
            {
                scored = true;
                exponentials[i] = Math.Exp(sums[i]);
                denominator += exponentials[i];
            }
        }

        if (!scored)
        {
            return null;
        }

        if (denominator == 0)
        {
            // Every probability underflowed: Lingua takes the first language with the largest sum.
            var best = -1;
            for (var i = 0; i < sums.Length; i++)
            {
                if (sums[i] < 0 && (best < 0 || sums[i] > sums[best]))
                {
                    best = i;
                }
            }

            return _codes[best];
        }

        // Lingua orders the languages by confidence: the first largest wins unless the next one equals it.
        var top = 0;
        for (var i = 1; i < sums.Length; i++)
        {
            top = exponentials[i] / denominator > exponentials[top] / denominator ? i : top;
        }

        var second = double.NegativeInfinity;
        for (var i = 0; i < sums.Length; i++)
        {
            second = i != top ? Math.Max(second, exponentials[i] / denominator) : second;
        }

        return (exponentials[top] / denominator).Equals(second) ? null : _codes[top];
    }

    private int RowOf(int order, ReadOnlySpan<char> ngram) => _rows[order].TryGetValue(Pack(ngram), out var row) ? row : -1;

    private static ulong Pack(ReadOnlySpan<char> ngram)
    {
        ulong key = 0;
        foreach (var c in ngram)
        {
            key = (key << 16) | c;
        }

        return key;
    }

    /// <summary>
    /// Non-letters that Lingua's rules and alphabets ignore (symbols, marks and format characters of the Common and
    /// Inherited scripts, surrogates): in a word they only keep it from counting as Latin, in a trigram they end a run.
    /// </summary>
    private static bool IsWithoutScript(char c) =>
        char.IsSurrogate(c) || c < '\u0370' || c is >= '\u2000' and <= '\u2BFF' or >= '\uFE00' and <= '\uFE0F' or '\uFEFF';

    /// <summary>Letters of Lingua's Latin alphabet that survive lower-casing: ASCII, Latin-1, Extended-A, Extended Additional.</summary>
    private static bool IsLatinLetter(char c) =>
        c is >= 'a' and <= 'z' or >= '\u00DF' and <= '\u00FF' and not '\u00F7' or >= '\u0100' and <= '\u017F' or >= '\u1E00' and <= '\u1EFF';

    /// <summary>One table for all languages: a row per n-gram, a column per language.</summary>
    private static (Dictionary<ulong, int> Rows, double[] Logs) Merge(Dictionary<ulong, double>[] models)
    {
        var rows = new Dictionary<ulong, int>();
        foreach (var model in models)
        {
            foreach (var key in model.Keys)
            {
                rows.TryAdd(key, rows.Count);
            }
        }

        var logs = new double[rows.Count * models.Length];
        Array.Fill(logs, double.NaN);
        for (var column = 0; column < models.Length; column++)
        {
            foreach (var (key, probability) in models[column])
            {
                logs[rows[key] * models.Length + column] = Math.Log(probability);
            }
        }

        return (rows, logs);
    }

    /// <summary>
    /// One of Lingua's model files (Brotli-compressed JSON: <c>{"language": …, "ngrams": {"count/total": "ngram ngram …"}}</c>),
    /// as Lingua reads it; empty when the file is absent, as Lingua treats it. N-grams outside the BMP are left out: they
    /// cannot occur in a sample this scorer answers.
    /// </summary>
    private static Dictionary<ulong, double> Read(string path, int order)
    {
        var model = new Dictionary<ulong, double>();
        if (!File.Exists(path))
        {
            return model;
        }

        using var file = File.OpenRead(path);
        using var brotli = new BrotliStream(file, CompressionMode.Decompress);
        using var json = new MemoryStream();
        brotli.CopyTo(json);
        var reader = new Utf8JsonReader(json.GetBuffer().AsSpan(0, (int)json.Length));
        while (reader.Read())
        {
            if (reader.TokenType != JsonTokenType.PropertyName || reader.CurrentDepth != 2)
            {
                continue;
            }

            var fraction = reader.GetString()!;
            var slash = fraction.IndexOf('/');
            var probability = double.Parse(fraction.AsSpan(0, slash), CultureInfo.InvariantCulture)
                / int.Parse(fraction.AsSpan(slash + 1), CultureInfo.InvariantCulture);
            reader.Read();
            foreach (var ngram in reader.GetString()!.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                if (ngram.Length == order && !ngram.Any(char.IsSurrogate))
                {
                    model[Pack(ngram)] = probability;
                }
            }
        }

        return model;
    }
}
