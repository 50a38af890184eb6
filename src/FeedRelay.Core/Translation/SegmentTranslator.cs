using System.Collections.Concurrent;
using FeedRelay.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FeedRelay.Translation;

/// <summary>
/// Translates segments through the cache: cached text is never sent again, the rest goes out in batches within the
/// request limits, and each batch is cached as soon as it arrives, so that a failure later on loses nothing paid for.
/// Each text is sent once at a time: once per process (<see cref="InFlightTexts"/>) and once across instances
/// (<see cref="ITranslationLeases"/>). A paid answer is used even when storage fails after it arrives: a failed cache write
/// is logged (the article is still translated), and characters whose usage could not be recorded are added with the next
/// answer's (the same UTC day), so that the budget is not under-counted.
/// </summary>
public sealed partial class SegmentTranslator(
    ITextTranslator client,
    ITranslationCache cache,
    ITranslationLeases leases,
    ITranslationUsage usage,
    TranslationMetrics metrics,
    TranslationSettings settings,
    TimeProvider clock,
    ILogger<SegmentTranslator>? logger = null)
{
    private readonly InFlightTexts _inFlight = new();
    private readonly ILogger _logger = logger ?? NullLogger<SegmentTranslator>.Instance;
    private readonly Lock _unrecordedLock = new();
    private DateOnly _unrecordedDay;
    private long _unrecorded;

    /// <summary>The cached translations of <paramref name="segments"/>, by key.</summary>
    public async Task<IReadOnlyDictionary<string, string>> LookupAsync(IEnumerable<TranslationSegment> segments, CancellationToken cancellationToken = default)
    {
        var keys = segments.Select(s => s.KeyFor(settings.TargetLanguage)).Distinct(StringComparer.Ordinal).ToList();
        var found = keys.Count == 0 ? new Dictionary<string, string>() : await cache.GetManyAsync(keys, cancellationToken).ConfigureAwait(false);
        metrics.CacheHit(found.Count);
        return found;
    }

    /// <summary>
    /// Translates <paramref name="segments"/> (none of them cached) and caches the results. A text that another request of
    /// this process is already sending is not sent again: its answer is awaited instead (see <see cref="InFlightTexts"/>).
    /// A text another instance has claimed (see <see cref="ITranslationLeases"/>) is not sent either: it is read from the
    /// cache if its answer has arrived, else the result fails with <see cref="TranslatorFailure.Busy"/> once the rest is sent.
    /// </summary>
    public Task<SegmentResult> TranslateAsync(IReadOnlyList<TranslationSegment> segments, string? sourceLanguage, CancellationToken cancellationToken = default) =>
        TranslateAsync(segments, sourceLanguage, usageReserved: false, cancellationToken);

    /// <summary>
    /// <see cref="TranslateAsync(IReadOnlyList{TranslationSegment}, string?, CancellationToken)"/>; with
    /// <paramref name="usageReserved"/> the caller has already added the characters to the day's usage (a reservation
    /// within the budget), and what was billed is only reported (<see cref="SegmentResult.Billed"/>), not added again.
    /// </summary>
    public async Task<SegmentResult> TranslateAsync(
        IReadOnlyList<TranslationSegment> segments, string? sourceLanguage, bool usageReserved, CancellationToken cancellationToken = default)
    {
        var sending = new Sending(usageReserved);
        var translated = new Dictionary<string, string>(StringComparer.Ordinal);
        var mine = new List<(TranslationSegment Segment, string Key)>();
        var theirs = new List<(string Key, Task<string?> Answer)>();
        foreach (var (segment, key) in segments.Select(s => (Segment: s, Key: s.KeyFor(settings.TargetLanguage))).DistinctBy(s => s.Key))
        {
            if (_inFlight.TryClaim(key) is { } answer)
            {
                theirs.Add((key, answer));
            }
            else
            {
                mine.Add((segment, key));
            }
        }

        var elsewhere = 0;
        try
        {
            var send = mine;
            if (mine.Count > 0 && await leases.ClaimAsync(mine.ConvertAll(m => m.Key), settings.ClaimLease, cancellationToken).ConfigureAwait(false) is { Count: > 0 } held)
            {
                var arrived = await cache.GetManyAsync(held.ToList(), cancellationToken).ConfigureAwait(false);
                foreach (var (key, text) in arrived)
                {
                    translated[key] = text;
                }

                metrics.CacheHit(arrived.Count);
                elsewhere = held.Count - arrived.Count;
                send = mine.FindAll(m => !held.Contains(m.Key));
            }

            if (await SendClaimedAsync(send.ConvertAll(m => m.Segment), sourceLanguage, translated, sending, cancellationToken).ConfigureAwait(false) is { } failure)
            {
                await ReleaseAsync(send.Where(m => !translated.ContainsKey(m.Key)).Select(m => m.Key).ToList(), cancellationToken).ConfigureAwait(false);
                return new SegmentResult(translated, failure) { Billed = sending.Billed, Refused = sending.Refused };
            }

            // Claims on refused texts end now: another instance that sends one is refused too, without waiting for the lease.
            await ReleaseAsync(sending.Refused.ToList(), cancellationToken).ConfigureAwait(false);
            if (sending.Refused.Count >= 2 && sending.Refused.Count == send.Count && sending.LastRefusal is { } last)
            {
                // Every text refused on its own: more likely the request (a setting the service reads as input) than each
                // text. A failure, retried later and shown in health, rather than articles stored untranslated for good.
                return new SegmentResult(translated, new TranslatorFailure.Refused(last.Status, last.Code,
                    $"every one of the {send.Count} texts sent was refused on its own, so the request is taken to be at fault: {last.Detail}"))
                {
                    Billed = sending.Billed,
                };
            }
        }
        finally
        {
            // Every claim ends, answered or not, so that no other request waits on it for ever.
            foreach (var (_, key) in mine)
            {
                _inFlight.Complete(key, translated.GetValueOrDefault(key));
            }
        }

        foreach (var (key, answer) in theirs)
        {
            if (await answer.WaitAsync(cancellationToken).ConfigureAwait(false) is not { } text)
            {
                // Its sender reports why (to the health page too); this one only waits for the next attempt.
                return new SegmentResult(translated, new TranslatorFailure.Busy(settings.BusyRetry, "a concurrent request for the same text got no answer"))
                {
                    Billed = sending.Billed, Refused = sending.Refused,
                };
            }

            translated[key] = text;
        }

        metrics.CacheHit(theirs.Count);
        return elsewhere == 0
            ? new SegmentResult(translated, null) { Billed = sending.Billed, Refused = sending.Refused }
            : new SegmentResult(translated, new TranslatorFailure.Busy(settings.BusyRetry, $"another instance is translating {elsewhere} of the texts"))
            {
                Billed = sending.Billed, Refused = sending.Refused,
            };
    }

    /// <summary>
    /// Lets other instances send <paramref name="keys"/> now rather than when this instance's claims run out. Best effort:
    /// the translator's failure is what the caller reports, and a claim left behind only waits for its lease.
    /// </summary>
    private async Task ReleaseAsync(List<string> keys, CancellationToken cancellationToken)
    {
        if (keys.Count == 0)
        {
            return;
        }

        try
        {
            await leases.ReleaseAsync(keys, cancellationToken).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Storage failing too must not hide the translator's failure, which decides the retry.
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
        {
            LogReleaseFailed(ex, keys.Count);
        }
    }

    /// <summary>
    /// <see cref="SendAsync"/>, renewing this instance's claims on the texts not cached yet every third of
    /// <see cref="TranslationSettings.ClaimLease"/> while it runs, so that a send slower than the lease (a slow service, retries)
    /// is never taken over and paid for again by another instance, while the claims of an instance that died run out
    /// within one lease.
    /// </summary>
    private async Task<TranslatorFailure?> SendClaimedAsync(
        List<TranslationSegment> segments, string? sourceLanguage, Dictionary<string, string> translated, Sending sending, CancellationToken cancellationToken)
    {
        if (segments.Count == 0)
        {
            return null;
        }

        var unsent = new ConcurrentDictionary<string, byte>(segments.Select(s => KeyValuePair.Create(s.KeyFor(settings.TargetLanguage), (byte)0)), StringComparer.Ordinal);
        using var sent = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var renewing = RenewClaimsAsync(unsent, sent.Token);
        try
        {
            return await SendAsync(segments, sourceLanguage, translated, unsent, sending, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await sent.CancelAsync().ConfigureAwait(false);
            await renewing.ConfigureAwait(false);
        }
    }

    /// <summary>Claims <paramref name="unsent"/> again (which renews this instance's own claims) every third of the lease until <paramref name="stop"/>.</summary>
    private async Task RenewClaimsAsync(ConcurrentDictionary<string, byte> unsent, CancellationToken stop)
    {
        if (settings.ClaimLease <= TimeSpan.Zero)
        {
            return; // no lease, nothing to renew (and no busy loop)
        }

        try
        {
            while (true)
            {
                await Task.Delay(settings.ClaimLease / 3, clock, stop).ConfigureAwait(false);
                if (unsent.IsEmpty)
                {
                    continue;
                }

                try
                {
                    await leases.ClaimAsync(unsent.Keys.ToList(), settings.ClaimLease, stop).ConfigureAwait(false);
                }
#pragma warning disable CA1031 // Best effort: storage failing must not stop the send; the next round tries again.
                catch (Exception ex) when (!stop.IsCancellationRequested)
#pragma warning restore CA1031
                {
                    // Another instance may take these texts over once the claims run out, and pay for them again: worth a warning.
                    LogRenewalFailed(ex, unsent.Count);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// Sends <paramref name="segments"/> in batches, caching each answer as it arrives (and taking its keys out of
    /// <paramref name="unsent"/>); the failure that stopped it, or null. A batch refused for its input
    /// (<see cref="TranslatorFailure.InputRefused"/>) is split until the texts refused on their own are found; those are
    /// left untranslated (<see cref="Sending.Refused"/>) and the rest is sent.
    /// </summary>
    private async Task<TranslatorFailure?> SendAsync(
        List<TranslationSegment> segments, string? sourceLanguage, Dictionary<string, string> translated, ConcurrentDictionary<string, byte> unsent,
        Sending sending, CancellationToken cancellationToken)
    {
        var pending = new Stack<List<TranslationSegment>>(Batches(segments).Reverse());
        while (pending.TryPop(out var batch))
        {
            var started = clock.GetTimestamp();
            var answer = await TranslateBatchAsync(batch, sourceLanguage, cancellationToken).ConfigureAwait(false);
            if (answer.Failure is null && (answer.Translations.Count != batch.Count || answer.Translations.Any(t => t is null)))
            {
                // Untrusted even from an adapter: a translation must never be matched to the wrong text, nor be missing.
                answer = TranslatorResult.Failed(new TranslatorFailure.Malformed($"{answer.Translations.Count} translations for {batch.Count} texts, or a null one"));
            }

            if (answer.Failure is TranslatorFailure.InputRefused refused)
            {
                metrics.Failed(refused.Name, clock.GetElapsedTime(started));
                if (batch.Count > 1)
                {
                    // Some text in it is refused: each half is sent on its own (in order), down to the texts refused alone.
                    pending.Push(batch[(batch.Count / 2)..]);
                    pending.Push(batch[..(batch.Count / 2)]);
                    continue;
                }

                var key = batch[0].KeyFor(settings.TargetLanguage);
                unsent.TryRemove(key, out _);
                sending.Refused.Add(key);
                sending.LastRefusal = refused;
                LogInputRefused(batch[0].Characters, refused.Reason);
                continue;
            }

            if (answer.Failure is { } failure)
            {
                metrics.Failed(failure.Name, clock.GetElapsedTime(started));
                return failure;
            }

            long characters = batch.Sum(s => s.Characters);
            metrics.Succeeded(characters, clock.GetElapsedTime(started));
            var entries = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < batch.Count; i++)
            {
                entries[batch[i].KeyFor(settings.TargetLanguage)] = answer.Translations[i];
            }

            foreach (var (key, text) in entries)
            {
                translated[key] = text;
                unsent.TryRemove(key, out _);
            }

            // Paid for: written whatever happens next, also when the caller stops waiting (shutdown, a function's timeout).
            try
            {
                await cache.SetManyAsync(entries, CancellationToken.None).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // The answer is still used for this article; only a later text like it would be bought again.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogCacheWriteFailed(ex, entries.Count);
            }

            sending.Billed += characters;
            if (!sending.UsageReserved)
            {
                await RecordUsageAsync(characters).ConfigureAwait(false);
            }
        }

        return null;
    }

    /// <summary>Adds <paramref name="characters"/> (and any not recorded before, the same day) to today's usage; never throws.</summary>
    private async Task RecordUsageAsync(long characters)
    {
        var day = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        long total;
        lock (_unrecordedLock)
        {
            if (_unrecordedDay != day)
            {
                // Yesterday's budget is over: what it could not record no longer matters.
                (_unrecordedDay, _unrecorded) = (day, 0);
            }

            (total, _unrecorded) = (characters + _unrecorded, 0);
        }

        try
        {
            await usage.AddAsync(day, total, CancellationToken.None).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Kept for the next answer: a failed record must not fail a paid translation.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            lock (_unrecordedLock)
            {
                if (_unrecordedDay == day)
                {
                    _unrecorded += total;
                }
            }

            LogUsageWriteFailed(ex, total);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The translator refused a text of {Characters} characters, which is kept in the original language: {Reason}")]
    private partial void LogInputRefused(int characters, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Could not release the claims on {Count} texts; they run out with their lease")]
    private partial void LogReleaseFailed(Exception exception, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not renew the claims on {Count} texts being sent; another instance may send them too once the claims run out")]
    private partial void LogRenewalFailed(Exception exception, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not cache {Count} paid translations; they are used for this article only")]
    private partial void LogCacheWriteFailed(Exception exception, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record {Characters} billed characters; they are added with the next answer's")]
    private partial void LogUsageWriteFailed(Exception exception, long characters);

    /// <summary>
    /// One call's sending: whether its usage was reserved by the caller, what it has paid for so far (one batch at a time),
    /// and the keys of the texts the translator refused on their own.
    /// </summary>
    private sealed class Sending(bool usageReserved)
    {
        public bool UsageReserved { get; } = usageReserved;

        public long Billed { get; set; }

        public HashSet<string> Refused { get; } = new(StringComparer.Ordinal);

        public TranslatorFailure.InputRefused? LastRefusal { get; set; }
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
}

/// <summary>What <see cref="SegmentTranslator.TranslateAsync(IReadOnlyList{TranslationSegment}, string?, bool, CancellationToken)"/> got.</summary>
/// <param name="Translations">Translations by segment key (all of them unless <paramref name="Failure"/> is set).</param>
/// <param name="Failure">Why the remaining segments could not be translated, or null.</param>
public sealed record SegmentResult(IReadOnlyDictionary<string, string> Translations, TranslatorFailure? Failure)
{
    /// <summary>Characters this call paid for (its own successful requests).</summary>
    public long Billed { get; init; }

    /// <summary>
    /// Keys of the texts the translator refused on their own (<see cref="TranslatorFailure.InputRefused"/>): not in
    /// <see cref="Translations"/>, not cached, not billed; sending them again would be refused again.
    /// </summary>
    public IReadOnlyCollection<string> Refused { get; init; } = [];
}
