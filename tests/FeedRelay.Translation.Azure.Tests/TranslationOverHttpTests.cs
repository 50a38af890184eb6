using FeedRelay.Storage;
using FeedRelay.Translation;
using FeedRelay.Translation.Azure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace FeedRelay.Tests.Translation.Azure;

/// <summary>The translation step over the Azure adapter and the fake Translator: what a bad answer does to an article.</summary>
public sealed class TranslationOverHttpTests
{
    [Theory]
    [InlineData(MalformedAnswer.Truncated)]
    [InlineData(MalformedAnswer.NotJson)]
    [InlineData(MalformedAnswer.ObjectNotArray)]
    [InlineData(MalformedAnswer.MissingTranslations)]
    [InlineData(MalformedAnswer.FewerItems)]
    [InlineData(MalformedAnswer.NullText)]
    [InlineData(MalformedAnswer.WrongTypes)]
    public async Task A_malformed_200_parks_the_article_with_a_named_reason_and_a_later_try_translates_it(MalformedAnswer kind)
    {
        await using var fake = await FakeTranslator.StartAsync();
        using var folder = TestPaths.NewTempFolder();
        using var rig = new Rig(TranslatorTestKit.Client(fake), folder.Path);
        await rig.Store.UpsertAsync(Rig.Story("a"));
        fake.MalformNext(1, kind);

        var parked = await rig.Processor.TranslateArticleAsync("a");

        Assert.Equal(TranslationStatus.Failed, parked.Status);
        Assert.False(parked.IsDone);
        Assert.IsType<TranslatorFailure.Malformed>(parked.Failure);
        Assert.StartsWith("malformed: ", parked.Reason, StringComparison.Ordinal);
        Assert.Null((await rig.Store.GetAsync("a"))!.Translation);
        Assert.Empty(await rig.Cache.GetManyAsync([TranslationSegment.Of("央行宣布降息", TextType.Plain).KeyFor("en")]));
        Assert.Equal(1, rig.Metrics.Failures);

        var retried = await rig.Processor.TranslateArticleAsync("a");

        Assert.Equal(TranslationStatus.Translated, retried.Status);
        Assert.Equal("EN[央行宣布降息]", (await rig.Store.GetAsync("a"))!.Translation!.Title);
    }

    [Fact]
    public async Task An_unreachable_translator_parks_the_article_as_unavailable()
    {
        await using var fake = await FakeTranslator.StartAsync();
        using var folder = TestPaths.NewTempFolder();
        using var rig = new Rig(TranslatorTestKit.Client(fake, TranslatorTestKit.ClosedPort()), folder.Path);
        await rig.Store.UpsertAsync(Rig.Story("a"));

        var parked = await rig.Processor.TranslateArticleAsync("a");

        Assert.Equal(TranslationStatus.Failed, parked.Status);
        Assert.StartsWith("unavailable: ", parked.Reason, StringComparison.Ordinal);
        Assert.Null((await rig.Store.GetAsync("a"))!.Translation);
    }

    [Fact]
    public async Task A_translator_that_never_answers_parks_the_article_as_unavailable()
    {
        await using var fake = await FakeTranslator.StartAsync();
        using var folder = TestPaths.NewTempFolder();
        using var rig = new Rig(TranslatorTestKit.Client(fake, networkTimeout: TimeSpan.FromMilliseconds(200)), folder.Path);
        await rig.Store.UpsertAsync(Rig.Story("a"));
        fake.HangNext(4);

        var parked = await rig.Processor.TranslateArticleAsync("a");

        Assert.Equal(TranslationStatus.Failed, parked.Status);
        Assert.StartsWith("unavailable: ", parked.Reason, StringComparison.Ordinal);
        Assert.Equal(4, fake.Requests.Count);
    }

    /// <summary>The translation step over a temporary data folder, on a fake clock.</summary>
    private sealed class Rig : IDisposable
    {
        public Rig(TextTranslationClient client, string dataPath)
        {
            var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 2, 0, 0, 0, TimeSpan.Zero));
            var settings = new TranslationSettings();
            var storeOptions = new FileStoreOptions { DataPath = dataPath };
            Store = new FileArticleStore(storeOptions, clock, NullLogger<FileArticleStore>.Instance);
            Cache = new FileTranslationCache(storeOptions);
            Usage = new FileTranslationUsage(storeOptions);
            Metrics = new TranslationMetrics();
            var translator = new SegmentTranslator(new AzureTextTranslator(client), Cache, new SingleProcessTranslationLeases(), Usage, Metrics, settings, clock);
            Processor = new TranslationProcessor(Store, translator, Usage, settings, clock, NullLogger<TranslationProcessor>.Instance);
        }

        public FileArticleStore Store { get; }

        public FileTranslationCache Cache { get; }

        public FileTranslationUsage Usage { get; }

        public TranslationMetrics Metrics { get; }

        public TranslationProcessor Processor { get; }

        public static Article Story(string id) => new()
        {
            Id = id,
            Source = "VOA",
            SourceSlug = "voa",
            Title = "央行宣布降息",
            Published = new DateTimeOffset(2026, 11, 1, 8, 0, 0, TimeSpan.FromHours(8)),
            Updated = new DateTimeOffset(2026, 11, 1, 8, 0, 0, TimeSpan.FromHours(8)),
            Summary = "中国人民银行周五宣布下调贷款市场报价利率。",
            ContentHtml = "<p>中国人民银行周五宣布，<strong>下调</strong>一年期贷款市场报价利率。</p>",
        };

        public void Dispose()
        {
            Store.Dispose();
            Usage.Dispose();
            Metrics.Dispose();
        }
    }
}
