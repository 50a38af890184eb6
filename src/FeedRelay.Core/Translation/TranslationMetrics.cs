using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace FeedRelay.Translation;

/// <summary>
/// The translation step's instruments on Meter <c>FeedRelay.Translation</c> (exported by OpenTelemetry), with running
/// totals of the same numbers for the status endpoint.
/// </summary>
public sealed class TranslationMetrics : IDisposable
{
    /// <summary>Name of the meter.</summary>
    public const string MeterName = "FeedRelay.Translation";

    private readonly Meter _meter;
    private readonly Counter<long> _characters;
    private readonly Counter<long> _cacheHits;
    private readonly Counter<long> _requests;
    private readonly Counter<long> _failures;
    private readonly Counter<long> _retries;
    private readonly Histogram<double> _duration;
    private long _totalCharacters;
    private long _totalCacheHits;
    private long _totalRequests;
    private long _totalFailures;
    private long _totalRetries;
    private long _totalTicks;

    /// <summary>Creates the instruments, on a meter from <paramref name="meterFactory"/> when there is one.</summary>
    public TranslationMetrics(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _characters = _meter.CreateCounter<long>("feedrelay.translation.characters", "{character}", "Characters sent to (and billed by) the Translator, markup included");
        _cacheHits = _meter.CreateCounter<long>("feedrelay.translation.cache_hits", "{segment}", "Texts served from the translation cache instead of the Translator");
        _requests = _meter.CreateCounter<long>("feedrelay.translation.requests", "{request}", "Translate requests that succeeded");
        _failures = _meter.CreateCounter<long>("feedrelay.translation.failures", "{request}", "Translate requests that failed after their retries");
        _retries = _meter.CreateCounter<long>("feedrelay.translation.retries", "{retry}", "Retries of translate requests (429, 5xx, timeouts)");
        _duration = _meter.CreateHistogram<double>("feedrelay.translation.duration", "s", "Duration of translate requests, retries included");
    }

    /// <summary>The meter the instruments live on.</summary>
    public Meter Meter => _meter;

    /// <summary>Characters billed since start.</summary>
    public long CharactersBilled => Interlocked.Read(ref _totalCharacters);

    /// <summary>Cache hits since start.</summary>
    public long CacheHits => Interlocked.Read(ref _totalCacheHits);

    /// <summary>Successful requests since start.</summary>
    public long Requests => Interlocked.Read(ref _totalRequests);

    /// <summary>Failed requests since start.</summary>
    public long Failures => Interlocked.Read(ref _totalFailures);

    /// <summary>Retries since start.</summary>
    public long Retries => Interlocked.Read(ref _totalRetries);

    /// <summary>Mean duration of requests (successful or not), or zero.</summary>
    public TimeSpan MeanLatency
    {
        get
        {
            var count = Requests + Failures;
            return count == 0 ? TimeSpan.Zero : TimeSpan.FromTicks(Interlocked.Read(ref _totalTicks) / count);
        }
    }

    /// <summary>Records texts found in the cache.</summary>
    public void CacheHit(int count)
    {
        if (count > 0)
        {
            _cacheHits.Add(count);
            Interlocked.Add(ref _totalCacheHits, count);
        }
    }

    /// <summary>Records a successful request of <paramref name="characters"/> billed characters.</summary>
    public void Succeeded(long characters, TimeSpan elapsed)
    {
        _requests.Add(1);
        _characters.Add(characters);
        _duration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("outcome", "success"));
        Interlocked.Increment(ref _totalRequests);
        Interlocked.Add(ref _totalCharacters, characters);
        Interlocked.Add(ref _totalTicks, elapsed.Ticks);
    }

    /// <summary>Records a request that failed with <paramref name="reason"/>.</summary>
    public void Failed(string reason, TimeSpan elapsed)
    {
        _failures.Add(1, new KeyValuePair<string, object?>("reason", reason));
        _duration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("outcome", "failure"));
        Interlocked.Increment(ref _totalFailures);
        Interlocked.Add(ref _totalTicks, elapsed.Ticks);
    }

    /// <summary>Records a retry the client is about to make.</summary>
    public void Retried(TranslatorRetry retry)
    {
        _retries.Add(1, new KeyValuePair<string, object?>("status", retry.Status));
        Interlocked.Increment(ref _totalRetries);
    }

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();
}
