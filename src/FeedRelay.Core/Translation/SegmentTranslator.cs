using Azure;
using FeedRelay.Storage;

namespace FeedRelay.Translation;

/// <summary>
/// Translates segments through the cache: cached text is never sent again, the rest goes out in batches within the
/// request limits, and each batch is cached as soon as it arrives, so that a failure later on loses nothing paid for.
/// </summary>
public sealed class SegmentTranslator(
    TextTranslationClient client,
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
            var options = new TextTranslationTranslateOptions(settings.TargetLanguage, batch.Select(s => s.Text))
            {
                SourceLanguage = sourceLanguage,
                TextType = batch[0].Type,
            };
            var started = TranslationMetrics.StartTimer();
            IReadOnlyList<TranslatedTextItem> items;
            try
            {
                items = (await client.TranslateAsync(options, cancellationToken).ConfigureAwait(false)).Value;
            }
            catch (RequestFailedException ex)
            {
                metrics.Failed(ex.ErrorCode ?? ex.Status.ToString(System.Globalization.CultureInfo.InvariantCulture), ElapsedSince(started));
                return new SegmentResult(translated, ex.Message);
            }
            catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
            {
                metrics.Failed("timeout", ElapsedSince(started));
                return new SegmentResult(translated, "Translator timed out: " + ex.Message);
            }

            if (items.Count != batch.Count || items.Any(i => i.Translations.Count == 0))
            {
                metrics.Failed("malformed", ElapsedSince(started));
                return new SegmentResult(translated, $"Translator answered {items.Count} items for {batch.Count} texts");
            }

            long characters = batch.Sum(s => s.Characters);
            metrics.Succeeded(characters, ElapsedSince(started));
            await usage.AddAsync(DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), characters, cancellationToken).ConfigureAwait(false);
            var entries = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < batch.Count; i++)
            {
                entries[batch[i].KeyFor(settings.TargetLanguage)] = items[i].Translations[0].Text;
            }

            await cache.SetManyAsync(entries, cancellationToken).ConfigureAwait(false);
            foreach (var (key, text) in entries)
            {
                translated[key] = text;
            }
        }

        return new SegmentResult(translated, null);
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
public sealed record SegmentResult(IReadOnlyDictionary<string, string> Translations, string? Failure);
