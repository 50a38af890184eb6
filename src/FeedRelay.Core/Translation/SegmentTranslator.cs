using FeedRelay.Storage;

namespace FeedRelay.Translation;

/// <summary>
/// Translates segments through the cache: cached text is never sent again, the rest goes out in batches within the
/// request limits, and each batch is cached as soon as it arrives, so that a failure later on loses nothing paid for.
/// </summary>
public sealed class SegmentTranslator(
    ITextTranslator client,
    ITranslationCache cache,
    ITranslationUsage usage,
    TranslationMetrics metrics,
    TranslationSettings settings,
    TimeProvider clock)
{
    /// <summary>The cached translations of <paramref name="segments"/>, by key.</summary>
    public async Task<IReadOnlyDictionary<string, string>> LookupAsync(IEnumerable<TranslationSegment> segments, CancellationToken cancellationToken = default)
    {
        var keys = segments.Select(s => s.KeyFor(settings.TargetLanguage)).Distinct(StringComparer.Ordinal).ToList();
        var found = keys.Count == 0 ? new Dictionary<string, string>() : await cache.GetManyAsync(keys, cancellationToken).ConfigureAwait(false);
        metrics.CacheHit(found.Count);
        return found;
    }

    /// <summary>Translates <paramref name="segments"/> (none of them cached) and caches the results.</summary>
    public async Task<SegmentResult> TranslateAsync(IReadOnlyList<TranslationSegment> segments, string? sourceLanguage, CancellationToken cancellationToken = default)
    {
        var translated = new Dictionary<string, string>(StringComparer.Ordinal);
        var unique = segments.DistinctBy(s => s.KeyFor(settings.TargetLanguage)).ToList();
        foreach (var batch in Batches(unique))
        {
            var started = TranslationMetrics.StartTimer();
            var answer = await TranslateBatchAsync(batch, sourceLanguage, cancellationToken).ConfigureAwait(false);
            if (answer.Failure is null && (answer.Translations.Count != batch.Count || answer.Translations.Any(t => t is null)))
            {
                // Untrusted even from an adapter: a translation must never be matched to the wrong text, nor be missing.
                answer = TranslatorResult.Failed(new TranslatorFailure.Malformed($"{answer.Translations.Count} translations for {batch.Count} texts, or a null one"));
            }

            if (answer.Failure is { } failure)
            {
                metrics.Failed(failure.Name, ElapsedSince(started));
                return new SegmentResult(translated, failure);
            }

            long characters = batch.Sum(s => s.Characters);
            metrics.Succeeded(characters, ElapsedSince(started));
            await usage.AddAsync(DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), characters, cancellationToken).ConfigureAwait(false);
            var entries = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < batch.Count; i++)
            {
                entries[batch[i].KeyFor(settings.TargetLanguage)] = answer.Translations[i];
            }

            await cache.SetManyAsync(entries, cancellationToken).ConfigureAwait(false);
            foreach (var (key, text) in entries)
            {
                translated[key] = text;
            }
        }

        return new SegmentResult(translated, null);
    }

    /// <summary>One request; an exception from the translator (a bug in an adapter) is a failure, so that the item is parked, not lost.</summary>
    private async Task<TranslatorResult> TranslateBatchAsync(List<TranslationSegment> batch, string? sourceLanguage, CancellationToken cancellationToken)
    {
        try
        {
            return await client.TranslateAsync(batch.Select(s => s.Text).ToList(), settings.TargetLanguage, sourceLanguage, batch[0].Type, cancellationToken)
                .ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Whatever the translator does, the work item is parked with a reason, never dropped or crashed.
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
        {
            return TranslatorResult.Failed(new TranslatorFailure.Unavailable($"the translator failed unexpectedly ({ex.GetType().Name}: {ex.Message})"));
        }
    }

    /// <summary>Requests of one text type each, within the element and character limits (a single over-long text goes alone).</summary>
    internal IEnumerable<List<TranslationSegment>> Batches(IEnumerable<TranslationSegment> segments)
    {
        foreach (var group in segments.GroupBy(s => s.Type))
        {
            var batch = new List<TranslationSegment>();
            var characters = 0;
            foreach (var segment in group)
            {
                if (batch.Count > 0 && (batch.Count >= settings.MaxRequestElements || characters + segment.Text.Length > settings.MaxRequestCharacters))
                {
                    yield return batch;
                    batch = [];
                    characters = 0;
                }

                batch.Add(segment);
                characters += segment.Text.Length;
            }

            if (batch.Count > 0)
            {
                yield return batch;
            }
        }
    }

    private static TimeSpan ElapsedSince(long started) => System.Diagnostics.Stopwatch.GetElapsedTime(started);
}

/// <summary>What <see cref="SegmentTranslator.TranslateAsync"/> got.</summary>
/// <param name="Translations">Translations by segment key (all of them unless <paramref name="Failure"/> is set).</param>
/// <param name="Failure">Why the remaining segments could not be translated, or null.</param>
public sealed record SegmentResult(IReadOnlyDictionary<string, string> Translations, TranslatorFailure? Failure);
