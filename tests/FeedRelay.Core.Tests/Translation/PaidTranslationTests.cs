using FeedRelay.Storage;
using FeedRelay.Translation;
using Microsoft.Extensions.Time.Testing;

namespace FeedRelay.Tests.Translation;

/// <summary>
/// A paid answer is used and kept whatever fails after it arrives: cached even when recording its usage fails (and that
/// usage recorded with the next answer), and used for the article even when caching it fails.
/// </summary>
public sealed class PaidTranslationTests
{
    private static readonly TranslationSegment First = TranslationSegment.Of("中国人民银行周五宣布下调贷款市场报价利率。", TextType.Plain);
    private static readonly TranslationSegment Second = TranslationSegment.Of("财政部表示将继续实施积极的财政政策。", TextType.Plain);

    /// <summary>Both answers fall on one day, whenever the test runs (usage not recorded by midnight is yesterday's, and dropped).</summary>
    private FakeTimeProvider Noon { get; } = new(new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task An_answer_is_cached_and_used_when_recording_its_usage_fails_and_that_usage_is_recorded_with_the_next()
    {
        using var folder = TestPaths.NewTempFolder();
        var cache = new FileTranslationCache(new FileStoreOptions { DataPath = folder.Path });
        var scripted = new ScriptedTranslator();
        using var metrics = new TranslationMetrics(null);
        var settings = new TranslationSettings();
        var usage = new FlakyUsage { Failing = true };
        var segments = new SegmentTranslator(scripted, cache, new SingleProcessTranslationLeases(), usage, metrics, settings, Noon);

        var first = await segments.TranslateAsync([First], "zh");
        usage.Failing = false;
        await segments.TranslateAsync([Second], "zh");

        Assert.Null(first.Failure);
        Assert.Equal(["EN[中国人民银行周五宣布下调贷款市场报价利率。]"], first.Translations.Values);
        Assert.Equal(["EN[中国人民银行周五宣布下调贷款市场报价利率。]"], (await cache.GetManyAsync([First.KeyFor(settings.TargetLanguage)])).Values);
        Assert.Equal(First.Characters + Second.Characters, usage.Recorded);
        Assert.Equal(2, scripted.Requests.Count);
    }

    [Fact]
    public async Task An_answer_is_used_and_its_usage_recorded_when_caching_it_fails()
    {
        var scripted = new ScriptedTranslator();
        using var metrics = new TranslationMetrics(null);
        var usage = new FlakyUsage();
        var segments = new SegmentTranslator(scripted, new FailingCache(), new SingleProcessTranslationLeases(), usage, metrics, new TranslationSettings(), Noon);

        var result = await segments.TranslateAsync([First], "zh");

        Assert.Null(result.Failure);
        Assert.Equal(["EN[中国人民银行周五宣布下调贷款市场报价利率。]"], result.Translations.Values);
        Assert.Equal(First.Characters, usage.Recorded);
    }

    /// <summary>A usage store that fails while <see cref="Failing"/> (storage down), else adds up.</summary>
    private sealed class FlakyUsage : ITranslationUsage
    {
        public bool Failing { get; set; }

        public long Recorded { get; private set; }

        public Task<long> GetAsync(DateOnly day, CancellationToken cancellationToken = default) => Task.FromResult(Recorded);

        public Task AddAsync(DateOnly day, long characters, CancellationToken cancellationToken = default)
        {
            if (Failing)
            {
                throw new IOException("usage store unavailable (test)");
            }

            Recorded += characters;
            return Task.CompletedTask;
        }

        public async Task<bool> TryAddAsync(DateOnly day, long characters, long limit, CancellationToken cancellationToken = default)
        {
            if (Recorded + characters > limit)
            {
                return false;
            }

            await AddAsync(day, characters, cancellationToken);
            return true;
        }
    }

    /// <summary>A cache that finds nothing and cannot be written.</summary>
    private sealed class FailingCache : ITranslationCache
    {
        public Task<IReadOnlyDictionary<string, string>> GetManyAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string>());

        public Task SetManyAsync(IReadOnlyDictionary<string, string> entries, CancellationToken cancellationToken = default) =>
            throw new IOException("cache unavailable (test)");
    }
}
