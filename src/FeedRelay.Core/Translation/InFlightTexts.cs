using System.Collections.Concurrent;

namespace FeedRelay.Translation;

/// <summary>
/// One request per text within a process: the first caller to claim a text sends it, and a concurrent caller for the same
/// text (two articles sharing a paragraph, or the same article queued twice, translated at once by a queue trigger's
/// batch) waits for that answer instead of paying for it again. The latest answers stay (at most
/// <see cref="DefaultCapacity"/> of them and <see cref="DefaultCharacters"/> characters), for a caller that looked in the
/// cache just before the answer was stored there. A failed send is forgotten at once, so the next caller sends again.
/// Thread-safe.
/// </summary>
internal sealed class InFlightTexts(int capacity = InFlightTexts.DefaultCapacity, long characters = InFlightTexts.DefaultCharacters)
{
    /// <summary>Answers kept after they arrive, by default.</summary>
    public const int DefaultCapacity = 4096;

    /// <summary>Characters of the answers kept, by default (2 MB).</summary>
    public const long DefaultCharacters = 1_000_000;

    private readonly ConcurrentDictionary<string, TaskCompletionSource<string?>> _texts = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<(string Key, TaskCompletionSource<string?> Answer, int Length)> _answered = new();
    private long _characters;

    /// <summary>
    /// Claims the text of <paramref name="key"/>: null when the caller now sends it and must <see cref="Complete"/> it;
    /// otherwise the answer of whoever sends (or sent) it, null if that send failed.
    /// </summary>
    public Task<string?>? TryClaim(string key)
    {
        var mine = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var current = _texts.GetOrAdd(key, mine);
        return ReferenceEquals(current, mine) ? null : current.Task;
    }

    /// <summary>Ends the caller's claim on <paramref name="key"/> with its <paramref name="translation"/>, or null when the send failed.</summary>
    public void Complete(string key, string? translation)
    {
        if (!_texts.TryGetValue(key, out var answer))
        {
            return;
        }

        if (translation is null)
        {
            _texts.TryRemove(new KeyValuePair<string, TaskCompletionSource<string?>>(key, answer));
            answer.TrySetResult(null);
            return;
        }

        answer.TrySetResult(translation);
        _answered.Enqueue((key, answer, translation.Length));
        Interlocked.Add(ref _characters, translation.Length);
        while ((_answered.Count > capacity || Interlocked.Read(ref _characters) > characters) && _answered.TryDequeue(out var oldest))
        {
            // Only that answer: a newer claim of the same text stays.
            _texts.TryRemove(new KeyValuePair<string, TaskCompletionSource<string?>>(oldest.Key, oldest.Answer));
            Interlocked.Add(ref _characters, -oldest.Length);
        }
    }
}
