using System.Diagnostics.Metrics;
using FeedRelay.Storage;
using FeedRelay.Translation;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace FeedRelay.Tests.Translation;

/// <summary>A translation step over a temporary data folder, a scripted translator and a fake clock; a new rig on the same folder is a restart.</summary>
internal sealed class TranslationRig : IDisposable
{
    public TranslationRig(ITextTranslator translator, string dataPath, TranslationSettings? settings = null, IMeterFactory? meters = null,
        FakeTimeProvider? clock = null, ITranslationLeases? leases = null)
    {
        Settings = settings ?? new TranslationSettings();
        Clock = clock ?? new FakeTimeProvider(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));
        var storeOptions = new FileStoreOptions { DataPath = dataPath };
        Store = new FileArticleStore(storeOptions, Clock, NullLogger<FileArticleStore>.Instance);
        Cache = new FileTranslationCache(storeOptions);
        Usage = new FileTranslationUsage(storeOptions);
        Metrics = new TranslationMetrics(meters);
        Translator = new SegmentTranslator(translator, Cache, leases ?? new SingleProcessTranslationLeases(), Usage, Metrics, Settings, Clock);
        Processor = new TranslationProcessor(Store, Translator, Usage, Settings, Clock, NullLogger<TranslationProcessor>.Instance);
    }

    public TranslationSettings Settings { get; }

    public FileArticleStore Store { get; }

    public FileTranslationCache Cache { get; }

    public FileTranslationUsage Usage { get; }

    public TranslationMetrics Metrics { get; }

    public FakeTimeProvider Clock { get; }

    public SegmentTranslator Translator { get; }

    public TranslationProcessor Processor { get; }

    public static Article Story(string id, string source, int paragraphs = 3, string title = "央行宣布降息") => new()
    {
        Id = id,
        Source = source,
        SourceSlug = source.ToLowerInvariant(),
        Title = title,
        Published = new DateTimeOffset(2026, 11, 1, 8, 0, 0, TimeSpan.FromHours(8)),
        Updated = new DateTimeOffset(2026, 11, 1, 8, 0, 0, TimeSpan.FromHours(8)),
        Summary = "中国人民银行周五宣布下调贷款市场报价利率。",
        ContentHtml = string.Concat(Enumerable.Range(1, paragraphs).Select(i =>
            $"<p>第{i}段：中国人民银行周五宣布，<strong>下调</strong>一年期贷款市场报价利率，<a href=\"https://news.example/{i}\">详情</a>。</p>")),
    };

    public void Dispose()
    {
        Store.Dispose();
        Usage.Dispose();
        Metrics.Dispose();
    }
}
