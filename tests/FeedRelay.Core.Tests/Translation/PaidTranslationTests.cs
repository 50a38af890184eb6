using FeedRelay.Storage;
using FeedRelay.Translation;

namespace FeedRelay.Tests.Translation;

/// <summary>What the Translator answered is cached before anything else can fail, so that it is never bought twice.</summary>
public sealed class PaidTranslationTests
{
    [Fact]
    public async Task An_answer_is_cached_even_when_recording_its_usage_fails()
    {
        using var folder = TestPaths.NewTempFolder();
        var cache = new FileTranslationCache(new FileStoreOptions { DataPath = folder.Path });
        var scripted = new ScriptedTranslator();
        using var metrics = new TranslationMetrics(null);
        var settings = new TranslationSettings();
        var segments = new SegmentTranslator(scripted, cache, new SingleProcessTranslationLeases(), new FailingUsage(), metrics, settings, TimeProvider.System);
        var segment = TranslationSegment.Of("中国人民银行周五宣布下调贷款市场报价利率。", TextType.Plain);

        await Assert.ThrowsAsync<IOException>(() => segments.TranslateAsync([segment], "zh"));

        var cached = await cache.GetManyAsync([segment.KeyFor(settings.TargetLanguage)]);
        Assert.Equal(["EN[中国人民银行周五宣布下调贷款市场报价利率。]"], cached.Values);
        Assert.Single(scripted.Requests);
    }

    /// <summary>A usage store that cannot be written (storage down).</summary>
    private sealed class FailingUsage : ITranslationUsage
    {
        public Task<long> GetAsync(DateOnly day, CancellationToken cancellationToken = default) => Task.FromResult(0L);

        public Task AddAsync(DateOnly day, long characters, CancellationToken cancellationToken = default) =>
            throw new IOException("usage store unavailable (test)");
    }
}
