using System.Collections.Concurrent;
using FeedRelay.Translation;

namespace FeedRelay.Tests.Translation;

/// <summary>
/// An in-process <see cref="ITextTranslator"/> for the core's tests: translates like the HTTP fake (<c>EN[…]</c> around
/// every text run), bills code points, keeps Translator's request limits, and answers scripted results or failures.
/// </summary>
internal sealed class ScriptedTranslator : ITextTranslator
{
    private readonly ConcurrentQueue<Func<IReadOnlyList<string>, TranslatorResult>> _script = new();
    private long _billed;

    /// <summary>Every request, in order.</summary>
    public ConcurrentQueue<TranslatorCall> Requests { get; } = new();

    /// <summary>Characters of successful requests.</summary>
    public long CharactersBilled => Interlocked.Read(ref _billed);

    /// <summary>While true, every request is <see cref="TranslatorFailure.Unavailable"/> (an outage).</summary>
    public bool Down { get; set; }

    /// <summary>
    /// Texts the service refuses as input (400000, as Translator answers a text it cannot take): a request holding one is
    /// refused whole, as the real service refuses the whole request.
    /// </summary>
    public Func<string, bool>? RefusesText { get; set; }

    /// <summary>The next request gets <paramref name="answer"/>'s result for the texts sent.</summary>
    public void AnswerNext(Func<IReadOnlyList<string>, TranslatorResult> answer) => _script.Enqueue(answer);

    /// <summary>The next <paramref name="count"/> requests fail with <paramref name="failure"/>.</summary>
    public void FailNext(TranslatorFailure failure, int count = 1)
    {
        for (var i = 0; i < count; i++)
        {
            _script.Enqueue(_ => TranslatorResult.Failed(failure));
        }
    }

    public Task<TranslatorResult> TranslateAsync(IReadOnlyList<string> texts, string to, string? from, TextType textType, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Requests.Enqueue(new TranslatorCall(texts.ToList(), to, from, textType));
        if (_script.TryDequeue(out var scripted))
        {
            return Task.FromResult(scripted(texts));
        }

        if (Down)
        {
            return Task.FromResult(TranslatorResult.Failed(new TranslatorFailure.Unavailable("Translator returned 503 (503000): Service is temporarily unavailable.")));
        }

        var refusal = texts.Count > TranslatorLimits.MaxElements ? (400072, "The array of target texts has too many elements.")
            : texts.Any(t => t.Length > TranslatorLimits.MaxCharacters) ? (400050, "The input text is too long.")
            : texts.Sum(t => (long)t.Length) > TranslatorLimits.MaxCharacters ? (400077, "The maximum request size has been exceeded.")
            : RefusesText is { } refuses && texts.Any(refuses) ? (400000, "One of the request inputs is not valid.")
            : (0, "");
        if (refusal.Item1 != 0)
        {
            return Task.FromResult(TranslatorResult.Failed(new TranslatorFailure.InputRefused(400, refusal.Item1.ToString(System.Globalization.CultureInfo.InvariantCulture), refusal.Item2)));
        }

        Interlocked.Add(ref _billed, texts.Sum(t => (long)TranslatorLimits.CountCharacters(t)));
        return Task.FromResult(TranslatorResult.Success(texts.Select(t => FakeTranslator.Translate(t, textType == TextType.Html)).ToList()));
    }
}

/// <summary>One request the scripted translator received.</summary>
internal sealed record TranslatorCall(IReadOnlyList<string> Texts, string To, string? From, TextType Type)
{
    public int Characters => Texts.Sum(TranslatorLimits.CountCharacters);
}
